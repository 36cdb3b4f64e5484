using System.Net.Sockets;
using System.Text;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Service.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaVrrp.Service.Tests.Control;

/// <summary>
/// A real engine (on fake ports) behind a real control server on a Unix socket in a scratch directory: what
/// havrrpd runs, minus the network. Two instances, VRRPv3 at 100 ms so they become master quickly.
/// </summary>
internal sealed class ControlHarness : IAsyncDisposable
{
    /// <summary>One instance that stays backup for minutes: advert_int 40 s makes Master_Down_Interval over two minutes.</summary>
    public const string SlowBackupConfiguration = """
        vrrp_instances:
          VI_1:
            interface: eth-test
            virtual_router_id: 61
            priority: 100
            version: 3
            advert_int: 40s
            virtual_ipaddress: [ 192.0.2.110/24 ]
        """;

    public const string Configuration = """
        vrrp_scripts:
          chk_service:
            script: /bin/true
            interval: 2s
            weight: -20
        vrrp_instances:
          VI_1:
            interface: eth-test
            virtual_router_id: 51
            priority: 100
            version: 3
            advert_int: 100ms
            virtual_ipaddress: [ 192.0.2.100/24 ]
            track_script: [ chk_service ]
          VI_2:
            interface: eth-test
            virtual_router_id: 52
            priority: 50
            version: 3
            advert_int: 100ms
            nopreempt: true
            virtual_ipaddress: [ 192.0.2.101/24 ]
        """;

    private readonly TemporaryDirectory _directory = new();
    private readonly EngineHost _engineHost;
    private readonly ControlServer _server;

    private ControlHarness(string configurationText, ControlHarnessOptions options)
    {
        ConfigPath = _directory.Write("havrrp.yaml", configurationText);
        var gate = options.Gate ?? LoadedConfiguration.Plain;
        var initial = gate(ConfigLoader.Load(ConfigPath));
        Assert.True(initial.Result.IsValid, string.Join('\n', initial.Result.Diagnostics));
        var context = new DaemonContext(initial, path => gate(ConfigLoader.Load(path)), (_, _) => options.Segment is { } segment ? FakeEnginePorts.Create(segment) : FakeEnginePorts.Create(), Notify: null);
        _engineHost = new EngineHost(context, TimeProvider.System, NullLoggerFactory.Instance);
        var access = new ControlAccess(options.Accounts ?? new UnixAccounts(), options.AdminGroup);
        var socket = ControlSocketFile.Bind(System.IO.Path.Combine(_directory.Path, "havrrpd.sock"), access.AdminGroupId);
        var target = options.WrapTarget?.Invoke(_engineHost) ?? _engineHost;
        var handlers = new ControlMethodHandlers(target, socket.Path, TimeProvider.System);
        var streams = new ControlStreamHandlers(target, TimeProvider.System);
        _server = new ControlServer(socket, access, new ControlDispatcher(handlers, streams, NullLogger.Instance), NullLogger.Instance);
    }

    public string ConfigPath { get; }

    public string SocketPath => _server.SocketPath;

    public string DirectoryPath => _directory.Path;

    public int ConnectionCount => _server.ConnectionCount;

    /// <summary>The engine, to post what the network would (a link going down).</summary>
    public Engine.Runtime.VrrpEngine Engine => _engineHost.Engine;

    public static Task<ControlHarness> StartAsync(string configuration = Configuration, string? adminGroup = null) =>
        StartAsync(new ControlHarnessOptions { AdminGroup = adminGroup }, configuration);

    public static async Task<ControlHarness> StartAsync(ControlHarnessOptions options, string configuration = Configuration)
    {
        var harness = new ControlHarness(configuration, options);
        await harness._engineHost.StartAsync(CancellationToken.None);
        await harness._server.StartAsync(CancellationToken.None);
        return harness;
    }

    public Task<VrrpControlClient> ConnectAsync() => VrrpControlClient.ConnectAsync(SocketPath);

    /// <summary>Waits (through the protocol itself) until every instance is master.</summary>
    public async Task WaitForMastersAsync()
    {
        await using var client = await ConnectAsync();
        await client.WaitAsync(["VI_1", "VI_2"], HaVrrp.Engine.Protocol.Router.VrrpState.Master, TimeSpan.FromSeconds(30));
    }

    /// <summary>A raw connection for what the typed client never sends.</summary>
    public async Task<RawConnection> ConnectRawAsync()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        return new RawConnection(socket);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        _server.Dispose();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await _engineHost.StopAsync(stop.Token);
        }
        _engineHost.Dispose();
        _directory.Dispose();
    }
}

/// <summary>What a test changes about the daemon behind the harness.</summary>
internal sealed record ControlHarnessOptions
{
    public IUnixAccounts? Accounts { get; init; }

    public string? AdminGroup { get; init; }

    /// <summary>Turns a load into what the daemon runs (the daemon applies script security here).</summary>
    public Func<ConfigLoadResult, LoadedConfiguration>? Gate { get; init; }

    /// <summary>Where adverts go and come from; by default they go nowhere and none come.</summary>
    public FakeSegment? Segment { get; init; }

    /// <summary>Stands between the methods and the daemon, e.g. to make a reload fail.</summary>
    public Func<IControlTarget, IControlTarget>? WrapTarget { get; init; }
}

/// <summary>Lines in, lines out, on a plain Unix socket.</summary>
internal sealed class RawConnection(Socket socket) : IDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private StreamReader? _reader;

    public Socket Socket => socket;

    public async Task SendAsync(string text) => await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>The next line, or null at EOF.</summary>
    public async Task<string?> ReadLineAsync()
    {
        _reader ??= new StreamReader(_stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _reader.ReadLineAsync(timeout.Token);
    }

    public async Task<System.Text.Json.JsonElement> RequestAsync(string line)
    {
        await SendAsync(line + "\n");
        var response = await ReadLineAsync() ?? throw new InvalidOperationException("connection closed");
        return System.Text.Json.JsonDocument.Parse(response).RootElement;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _stream.Dispose();
    }
}
