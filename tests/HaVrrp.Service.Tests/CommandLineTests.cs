using HaVrrp.Engine.Configuration;

namespace HaVrrp.Service.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Check_WithConfig_IsParsedLikeKeepalivedMinusT()
    {
        var commandLine = CommandLine.Parse(["-t", "-f", "/etc/keepalived/keepalived.conf", "-i", "lb1"], out var error);
        Assert.Null(error);
        Assert.Equal(DaemonMode.Check, commandLine!.Mode);
        Assert.Equal("/etc/keepalived/keepalived.conf", commandLine.ConfigPath);
        Assert.Equal("lb1", commandLine.ConfigId);
    }

    [Fact]
    public void LongOptions_AndEqualsForm_AreAccepted()
    {
        var commandLine = CommandLine.Parse(["--check", "--config=/x.yaml"], out _);
        Assert.Equal("/x.yaml", commandLine!.ConfigPath);
    }

    [Fact]
    public void Convert_TakesTheTargetFormat()
    {
        var commandLine = CommandLine.Parse(["--convert", "yaml", "-o", "out.yaml"], out _);
        Assert.Equal(DaemonMode.Convert, commandLine!.Mode);
        Assert.Equal(ConfigFormat.Yaml, commandLine.ConvertTo);
        Assert.Equal("out.yaml", commandLine.OutputPath);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "--config" }, "--config needs a value")]
    [InlineData(new[] { "--convert", "xml" }, "--convert takes yaml or keepalived, not 'xml'")]
    public void NonsenseArguments_AreRejectedWithAReason(string[] args, string expected)
    {
        Assert.Null(CommandLine.Parse(args, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Status_TakesJsonAndASocket()
    {
        var commandLine = CommandLine.Parse(["--status", "--json", "--socket", "/run/x.sock"], out var error);
        Assert.Null(error);
        Assert.Equal(DaemonMode.Status, commandLine!.Mode);
        Assert.True(commandLine.Json);
        Assert.Equal("/run/x.sock", commandLine.SocketPath);
    }

    [Fact]
    public void Socket_AlsoGoesWithTheDaemon()
    {
        var commandLine = CommandLine.Parse(["-f", "/x.yaml", "--socket", "/tmp/ctl.sock"], out _);
        Assert.Equal(DaemonMode.Run, commandLine!.Mode);
        Assert.Equal("/tmp/ctl.sock", commandLine.SocketPath);
    }

    [Fact]
    public void Json_WithoutStatus_IsAnError()
    {
        Assert.Null(CommandLine.Parse(["--json"], out var error));
        Assert.Equal("--json goes with --status", error);
    }

    [Theory]
    [InlineData("127.0.0.1:9650", "127.0.0.1:9650")]
    [InlineData("[::1]:9650", "[::1]:9650")]
    [InlineData("0.0.0.0:19650", "0.0.0.0:19650")]
    public void MetricsListen_TakesAnAddressAndPort(string value, string endpoint)
    {
        var commandLine = CommandLine.Parse(["-f", "/x.yaml", "--metrics-listen", value], out var error);

        Assert.Null(error);
        Assert.Equal(endpoint, commandLine!.MetricsListen!.ToString());
    }

    [Theory]
    [InlineData("9650")]
    [InlineData("localhost:9650")]
    [InlineData("::1:9650")]
    [InlineData("127.0.0.1:0")]
    public void MetricsListen_ThatIsNoAddressAndPort_IsAUsageError(string value)
    {
        Assert.Null(CommandLine.Parse(["--metrics-listen", value], out var error));
        Assert.Equal($"--metrics-listen takes an address and port such as 127.0.0.1:9650 or [::1]:9650, not '{value}'", error);
    }

    [Fact]
    public void MetricsListen_GoesWithRunningTheDaemon()
    {
        Assert.Null(CommandLine.Parse(["--check", "--metrics-listen", "127.0.0.1:9650"], out var error));
        Assert.Equal("--metrics-listen goes with running the daemon", error);
    }
}
