using HaVrrp.Engine.Configuration;

namespace HaVrrp.Service.Tests;

public sealed class ConvertCommandTests
{
    [Fact]
    public void KeepalivedToYaml_WritesYamlThatLoadsToTheSameModel()
    {
        using var directory = new TemporaryDirectory();
        var source = Repository.Example("keepalived/lb-pair.conf");
        var target = Path.Combine(directory.Path, "havrrp.yaml");
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = ConvertCommand.Run(
            new CommandLine { Mode = DaemonMode.Convert, ConfigPath = source, ConvertTo = ConfigFormat.Yaml, OutputPath = target },
            new ConfigLoadOptions(), output, errors);

        Assert.Equal(ExitCodes.Success, exitCode);
        var original = ConfigLoader.Load(source);
        var converted = ConfigLoader.Load(target);
        Assert.True(converted.IsValid, string.Join('\n', converted.Diagnostics));
        Assert.Equal(original.Configuration, converted.Configuration);
    }

    [Fact]
    public void DroppedKeywords_AreReportedOnStderr()
    {
        using var directory = new TemporaryDirectory();
        var source = directory.Write("keepalived.conf", """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                linkbeat_use_polling
                virtual_ipaddress {
                    10.0.0.1
                }
            }
            virtual_server 10.0.0.1 80 {
                lb_algo rr
            }
            """);
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = ConvertCommand.Run(
            new CommandLine { Mode = DaemonMode.Convert, ConfigPath = source, ConvertTo = ConfigFormat.Yaml },
            new ConfigLoadOptions(), output, errors);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains($"{source}:4:5: warning {DiagnosticCodes.DroppedInConversion}: ", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{source}:9:1: warning {DiagnosticCodes.DroppedInConversion}: ", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("virtual_router_id: 51", output.ToString(), StringComparison.Ordinal);
    }
}
