using System.Net.Sockets;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;
using HaVrrp.Service.Control;

namespace HaVrrp.Service.Tests.Control;

public sealed class ControlSocketFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string SocketPath => Path.Combine(_directory.Path, "havrrpd.sock");

    public void Dispose() => _directory.Dispose();

    /// <summary>
    /// What a crashed daemon leaves: a socket file nobody listens on. .NET removes the file of a socket it bound
    /// when the socket is disposed, so a hard link keeps the inode behind under <paramref name="path"/>.
    /// </summary>
    private static void LeaveStaleSocket(string path)
    {
        var original = path + ".orig";
        using var crashed = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        crashed.Bind(new UnixDomainSocketEndPoint(original));
        HaVrrp.TestSupport.TestCommand.Run("ln", [original, path]);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Bind_CreatesASocketOnlyOwnerAndGroupMayOpen_AndDisposeRemovesIt()
    {
        using (var socket = ControlSocketFile.Bind(SocketPath, adminGroupId: null))
        {
            Assert.True(File.Exists(SocketPath));
            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
                File.GetUnixFileMode(SocketPath));
        }

        Assert.False(File.Exists(SocketPath));
    }

    [Fact]
    public void StaleSocket_NobodyListensOn_IsReplaced()
    {
        LeaveStaleSocket(SocketPath);
        Assert.True(File.Exists(SocketPath));

        using var socket = ControlSocketFile.Bind(SocketPath, adminGroupId: null);

        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(SocketPath));
    }

    [Fact]
    public void SocketAnotherDaemonListensOn_IsNeverTaken()
    {
        using var running = ControlSocketFile.Bind(SocketPath, adminGroupId: null);

        var error = Assert.Throws<ControlSocketException>(() => ControlSocketFile.Bind(SocketPath, adminGroupId: null));

        Assert.Contains("another havrrpd is running", error.Message, StringComparison.Ordinal);
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(SocketPath)); // still the first daemon's
    }

    [Fact]
    public void FileThatIsNotASocket_IsLeftAlone()
    {
        File.WriteAllText(SocketPath, "precious");

        var error = Assert.Throws<ControlSocketException>(() => ControlSocketFile.Bind(SocketPath, adminGroupId: null));

        Assert.Contains("not a socket", error.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(SocketPath));
    }

    [Fact]
    public void MissingDirectory_IsAnError_ForASocketOutsideTheDefaultDirectory()
    {
        var error = Assert.Throws<ControlSocketException>(() => ControlSocketFile.Bind(Path.Combine(_directory.Path, "no", "such.sock"), adminGroupId: null));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondDaemon_OnTheSameSocket_RefusesToStart_WithExitCode1()
    {
        using var running = ControlSocketFile.Bind(SocketPath, adminGroupId: null);
        var config = _directory.Write("havrrp.yaml", ControlHarness.Configuration);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int exitCode;
        try
        {
            exitCode = await DaemonRunner.RunAsync(config, (_, _) => FakeEnginePorts.Create(), path => ConfigLoader.Load(path), SocketPath);
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Equal(ExitCodes.ConfigurationInvalid, exitCode);
        Assert.Contains("another havrrpd is running and listening on " + SocketPath, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_WithoutADaemon_IsDaemonUnavailable()
    {
        var missing = await Assert.ThrowsAsync<VrrpControlException>(() => VrrpControlClient.ConnectAsync(SocketPath));
        LeaveStaleSocket(SocketPath);
        var stale = await Assert.ThrowsAsync<VrrpControlException>(() => VrrpControlClient.ConnectAsync(SocketPath));

        Assert.Equal(ControlErrorKind.DaemonUnavailable, missing.Kind);
        Assert.Contains("there is no socket", missing.Message, StringComparison.Ordinal);
        Assert.Equal(ControlErrorKind.DaemonUnavailable, stale.Kind);
        Assert.Contains("nobody listens", stale.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SocketPath_ComesFromTheEnvironment_WhenNotGiven()
    {
        Assert.Equal("/x.sock", ControlProtocol.ResolveSocketPath("/x.sock", _ => "/env.sock"));
        Assert.Equal("/env.sock", ControlProtocol.ResolveSocketPath(null, _ => "/env.sock"));
        Assert.Equal(ControlProtocol.DefaultSocketPath, ControlProtocol.ResolveSocketPath(null, _ => null));
    }
}
