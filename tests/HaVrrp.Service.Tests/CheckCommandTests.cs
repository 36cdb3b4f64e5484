using HaVrrp.Engine.Configuration;

namespace HaVrrp.Service.Tests;

public sealed class CheckCommandTests
{
    private static (int ExitCode, string[] Lines) Check(string path)
    {
        using var output = new StringWriter();
        var exitCode = CheckCommand.Run(
            new CommandLine { Mode = DaemonMode.Check, ConfigPath = path },
            new ConfigLoadOptions(),
            output);
        return (exitCode, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void ValidExample_ExitsZero_NamesTheAbsolutePath_AndSummarisesEachInstance()
    {
        var path = Repository.Example("keepalived/lb-pair.conf");
        var (exitCode, lines) = Check(path);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal($"Loading keepalived configuration {Path.GetFullPath(path)}", lines[0]);
        Assert.StartsWith("Configuration is valid: ", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.Contains(": error ", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidYamlExample_ExitsZero()
    {
        var (exitCode, lines) = Check(Repository.Example("havrrp.yaml"));
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.StartsWith("Loading YAML configuration ", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidFile_ExitsOne_WithCompilerStyleFindings()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Write("keepalived.conf", """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 300
                virtual_ipaddress {
                    10.0.0.1
                }
            }
            """);

        var (exitCode, lines) = Check(path);

        Assert.Equal(ExitCodes.ConfigurationInvalid, exitCode);
        Assert.Contains(lines, line => line.StartsWith($"{path}:3:", StringComparison.Ordinal) && line.Contains(": error HV0103: ", StringComparison.Ordinal));
        Assert.StartsWith("Configuration is invalid: 1 error", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_ExitsOne_AndSaysWhichFile()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "nope.conf");

        var (exitCode, lines) = Check(path);

        Assert.Equal(ExitCodes.ConfigurationInvalid, exitCode);
        Assert.Contains(lines, line => line.Contains(DiagnosticCodes.FileNotFound, StringComparison.Ordinal) && line.Contains(path, StringComparison.Ordinal));
    }

    [Fact]
    public void ShippedBrokenExample_ExitsOne()
    {
        var (exitCode, _) = Check(Repository.Example("keepalived/broken.conf"));
        Assert.Equal(ExitCodes.ConfigurationInvalid, exitCode);
    }
}
