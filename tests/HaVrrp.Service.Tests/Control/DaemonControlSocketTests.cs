using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Service.Tests.Control;

/// <summary>The whole daemon (fake ports): its control socket exists while it runs and is gone when it stops.</summary>
public sealed class DaemonControlSocketTests
{
    [Fact]
    public async Task Daemon_CreatesItsSocketAtStart_AnswersOnIt_AndRemovesItAtStop()
    {
        using var directory = new TemporaryDirectory();
        var config = directory.Write("havrrp.yaml", ControlHarness.Configuration);
        var socketPath = Path.Combine(directory.Path, "ctl.sock");
        using var stop = new CancellationTokenSource();

        var daemon = DaemonRunner.RunAsync(config, (_, _) => FakeEnginePorts.Create(), path => ConfigLoader.Load(path), socketPath, cancellationToken: stop.Token);
        await HaVrrp.TestSupport.Eventually.WaitUntilAsync(() => File.Exists(socketPath) || daemon.IsCompleted, TimeSpan.FromSeconds(30), "listening");
        await using (var client = await VrrpControlClient.ConnectAsync(socketPath))
        {
            var hello = await client.HelloAsync();
            Assert.Equal(config, hello.ConfigPath);
            Assert.Equal(socketPath, hello.SocketPath);
            await client.WaitAsync(["VI_1"], VrrpState.Master, TimeSpan.FromSeconds(30));
        }
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Success, await daemon);
        Assert.False(File.Exists(socketPath));
    }
}
