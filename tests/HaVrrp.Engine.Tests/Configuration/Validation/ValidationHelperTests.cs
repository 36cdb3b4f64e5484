using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Platform.Linux.Adapters;
using static HaVrrp.Engine.Tests.Configuration.Validation.ValidationFixtures;

namespace HaVrrp.Engine.Tests.Configuration.Validation;

public sealed class ValidationHelperTests
{
    [Fact]
    public void ValueOf_PrefersTheValueThenTheKeywordThenTheNode()
    {
        var map = MapAt(10).Set("priority", At(12, 5)).Set("priority:value", At(12, 14)).Set("state", At(11, 5));

        Assert.Equal(At(12, 14), map.ValueOf("priority"));
        Assert.Equal(At(11, 5), map.ValueOf("state"));
        Assert.Equal(At(10, 1), map.ValueOf("advert_int"));
    }

    [Theory]
    [InlineData("/etc/k/check.sh --port 80", "/etc/k/check.sh")]
    [InlineData("  pidof\thaproxy", "pidof")]
    [InlineData("\"/opt/my scripts/check\" now", "/opt/my scripts/check")]
    [InlineData("'/opt/x", "/opt/x")]
    [InlineData("", "")]
    public void Program_IsTheFirstWordWithoutQuotes(string commandLine, string program)
    {
        Assert.Equal(program, ScriptCommandLine.Program(commandLine));
    }

    [Theory]
    [InlineData("chk_nginx", new[] { "chk_nginx2", "chk_haproxy" }, "chk_nginx2")]
    [InlineData("chk_haproy", new[] { "chk_nginx", "chk_haproxy" }, "chk_haproxy")]
    [InlineData("chk_dns", new[] { "check_haproxy_backend" }, null)]
    [InlineData("x", new string[0], null)]
    public void NearestName_SuggestsOnlyLikelyTypos(string name, string[] candidates, string? expected)
    {
        Assert.Equal(expected, NearestName.Find(name, candidates));
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    public void EditDistance_CountsInsertionsDeletionsAndSubstitutions(string from, string to, int distance)
    {
        Assert.Equal(distance, NearestName.EditDistance(from, to));
    }
}

/// <summary>Probes real files in a temporary directory; Unix file modes, as on every host HaVrrp runs on.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ScriptProbeTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("havrrp-probe-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string CreateFile(string name, UnixFileMode mode)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public void ExecutableFile_IsExecutable()
    {
        var path = CreateFile("check.sh", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.Equal(ScriptFileStatus.Executable(path), ScriptProbe.Probe(path));
    }

    [Fact]
    public void FileWithoutExecuteBits_IsNotExecutableAndSaysItsMode()
    {
        var path = CreateFile("plain.sh", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.Equal(ScriptFileStatus.NotExecutable(path, "no execute permission, mode 644"), ScriptProbe.Probe(path));
    }

    [Fact]
    public void MissingPath_IsNotFound()
    {
        var path = Path.Combine(_directory.FullName, "gone.sh");

        Assert.Equal(ScriptFileStatus.NotFound(path, "no such file"), ScriptProbe.Probe(path));
    }

    [Fact]
    public void Directory_IsNotExecutable()
    {
        Assert.Equal(ScriptFileStatus.NotExecutable(_directory.FullName, "it is a directory"),
            ScriptProbe.Probe(_directory.FullName));
    }

    [Fact]
    public void BareName_IsLookedUpOnPath()
    {
        // sh is on the PATH of every machine that runs these tests (and keepalived's default PATH).
        var status = ScriptProbe.Probe("sh");

        Assert.Equal(ScriptFileState.Executable, status.State);
        Assert.EndsWith("/sh", status.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void BareNameNowhereOnPath_IsNotFoundNamingThePathSearched()
    {
        var status = ScriptProbe.Probe("havrrp-no-such-program");

        Assert.Equal(ScriptFileState.NotFound, status.State);
        Assert.Equal("havrrp-no-such-program", status.Path);
        Assert.StartsWith("not found on PATH ", status.Reason, StringComparison.Ordinal);
    }
}

public sealed class ValidationEnvironmentTests
{
    [Fact]
    public void ThisHost_KnowsItsLoopbackInterfaceAndAddress()
    {
        var host = LinuxValidationEnvironment.ForThisHost();

        Assert.True(host.InterfaceExists!("lo"));
        Assert.False(host.InterfaceExists!("havrrp-no-such-if"));
        Assert.True(host.IsLocalAddress!(System.Net.IPAddress.Loopback));
        Assert.False(host.IsLocalAddress!(System.Net.IPAddress.Parse("192.0.2.254")));
    }
}
