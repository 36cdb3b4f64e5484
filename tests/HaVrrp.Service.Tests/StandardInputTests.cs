using System.Text;
using HaVrrp.Engine.Configuration;

namespace HaVrrp.Service.Tests;

/// <summary><c>--config -</c>: configuration text piped to --check and --convert, read within the per-file limit.</summary>
public sealed class StandardInputTests
{
    private const string Instance = "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    virtual_ipaddress {\n        10.0.0.1\n    }\n}\n";

    private static (int ExitCode, string Output) Check(string[] args, byte[] input)
    {
        var commandLine = CommandLine.Parse(args, out var error) ?? throw new InvalidOperationException(error);
        using var output = new StringWriter();
        using var stream = new MemoryStream(input);
        var exitCode = CheckCommand.Run(commandLine, new ConfigLoadOptions(), output, stream);
        return (exitCode, output.ToString());
    }

    [Fact]
    public void CheckOfStandardInput_ReadsKeepalivedByDefault()
    {
        var (exitCode, output) = Check(["--check", "--config", "-"], Encoding.UTF8.GetBytes(Instance));

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("Loading keepalived configuration stdin", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckOfStandardInput_ReadsYamlWhenTold()
    {
        var yaml = "vrrp_instances:\n  VI_1:\n    interface: eth0\n    virtual_router_id: 300\n";

        var (exitCode, output) = Check(["--check", "--config", "-", "--format", "yaml"], Encoding.UTF8.GetBytes(yaml));

        Assert.Equal(ExitCodes.ConfigurationInvalid, exitCode);
        Assert.Contains("stdin:4:24: error HV0103: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EndlessStandardInput_IsCutAtThePerFileLimit()
    {
        var (exitCode, output) = Check(["--check", "--config", "-"], new byte[(int)ConfigLoadLimits.DefaultMaxFileBytes + 10]);

        Assert.Equal(ExitCodes.ConfigurationInvalid, exitCode);
        Assert.Contains("stdin: error HV0004: standard input is larger than the 4194304-byte limit; not read", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ConvertOfStandardInput_WritesTheConvertedText()
    {
        var commandLine = CommandLine.Parse(["--convert", "yaml", "--config", "-"], out _)!;
        using var output = new StringWriter();
        using var errors = new StringWriter();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(Instance));

        var exitCode = ConvertCommand.Run(commandLine, new ConfigLoadOptions(), output, errors, input);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("virtual_router_id: 51", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheDaemon_RefusesStandardInput()
    {
        Assert.Null(CommandLine.Parse(["--config", "-"], out var error));
        Assert.Equal("--config - (standard input) works only with --check and --convert", error);
    }
}
