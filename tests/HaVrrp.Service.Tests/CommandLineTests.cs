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
}
