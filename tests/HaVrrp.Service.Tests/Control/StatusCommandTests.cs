using System.Text.Json;
using HaVrrp.Engine.Control;

namespace HaVrrp.Service.Tests.Control;

public sealed class StatusCommandTests
{
    [Fact]
    public async Task Status_PrintsATable_OfTheRunningInstances()
    {
        await using var harness = await ControlHarness.StartAsync();
        await harness.WaitForMastersAsync();
        var output = new StringWriter();

        var exitCode = await StatusCommand.RunAsync(new CommandLine { Mode = DaemonMode.Status, SocketPath = harness.SocketPath }, output, TextWriter.Null);

        Assert.Equal(ExitCodes.Success, exitCode);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "STATE", "PRIORITY", "VRID", "INTERFACE", "VIPS", "MASTER"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["VI_1", "MASTER", "100", "51", "eth-test", "192.0.2.100/24", "192.0.2.1", "(100)"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task StatusJson_PrintsInstanceListsResult()
    {
        await using var harness = await ControlHarness.StartAsync();
        await harness.WaitForMastersAsync();
        var output = new StringWriter();

        var exitCode = await StatusCommand.RunAsync(new CommandLine { Mode = DaemonMode.Status, SocketPath = harness.SocketPath, Json = true }, output, TextWriter.Null);

        Assert.Equal(ExitCodes.Success, exitCode);
        var result = JsonSerializer.Deserialize(output.ToString(), ControlJsonContext.Default.InstanceListResult)!;
        Assert.Equal(["VI_1", "VI_2"], result.Instances.Select(instance => instance.Name));
        Assert.Single(output.ToString().TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Status_WithoutADaemon_ExitsWith3()
    {
        using var directory = new TemporaryDirectory();
        var error = new StringWriter();

        var exitCode = await StatusCommand.RunAsync(
            new CommandLine { Mode = DaemonMode.Status, SocketPath = Path.Combine(directory.Path, "none.sock") }, TextWriter.Null, error);

        Assert.Equal(ExitCodes.DaemonNotRunning, exitCode);
        Assert.Contains("havrrpd is not running", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ControlErrorKind.DaemonUnavailable, 3)]
    [InlineData(ControlErrorKind.AccessDenied, 77)]
    [InlineData(ControlErrorKind.InternalError, 70)]
    public void ExitCodes_TellNotRunningFromNotAllowed(ControlErrorKind kind, int exitCode) =>
        Assert.Equal(exitCode, StatusCommand.ExitCodeFor(kind));
}
