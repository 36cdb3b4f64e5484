using System.Text;
using BenchmarkDotNet.Attributes;
using HaVrrp.Engine.Configuration;

namespace HaVrrp.Benchmarks;

/// <summary>
/// Issue target: load + validate a keepalived.conf of 255 instances, each with two VIPs and a
/// track_script, in under 20 ms after warm-up. The same configuration is also measured as YAML.
/// </summary>
[MemoryDiagnoser]
public class ConfigLoadBenchmarks
{
    private string _directory = string.Empty;
    private string _keepalivedPath = string.Empty;
    private string _yamlPath = string.Empty;

    [GlobalSetup]
    public void WriteConfigurations()
    {
        _directory = Path.Combine(Path.GetTempPath(), "havrrp-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _keepalivedPath = Path.Combine(_directory, "keepalived.conf");
        File.WriteAllText(_keepalivedPath, LargeKeepalivedConf(instanceCount: 255));

        var diagnostics = new DiagnosticBag();
        var configuration = ConfigLoader.Read(_keepalivedPath, ConfigFormat.Keepalived, new ConfigLoadOptions(), diagnostics);
        _yamlPath = Path.Combine(_directory, "havrrp.yaml");
        File.WriteAllText(_yamlPath, HaVrrp.Engine.Configuration.Yaml.YamlConfigWriter.Write(configuration));

        var check = ConfigLoader.Load(_keepalivedPath);
        if (!check.IsValid || check.Configuration!.Instances.Count != 255)
        {
            throw new InvalidOperationException("The benchmark configuration does not load: " + string.Join('\n', check.Diagnostics));
        }
    }

    [GlobalCleanup]
    public void RemoveConfigurations() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    public ConfigLoadResult LoadKeepalivedConf255Instances() => ConfigLoader.Load(_keepalivedPath);

    [Benchmark]
    public ConfigLoadResult LoadYaml255Instances() => ConfigLoader.Load(_yamlPath);

    /// <summary>Instances spread over 2 interfaces so VRIDs 1-255 stay unique per interface.</summary>
    public static string LargeKeepalivedConf(int instanceCount)
    {
        var text = new StringBuilder();
        text.AppendLine("global_defs {\n    router_id bench\n}\n");
        text.AppendLine("vrrp_script chk_haproxy {\n    script \"/bin/true\"\n    interval 2\n    weight 2\n}\n");
        for (var i = 1; i <= instanceCount; i++)
        {
            var third = i / 250;
            var fourth = i % 250 + 1;
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $$"""
                vrrp_instance VI_{{i}} {
                    state BACKUP
                    interface eth{{i % 2}}
                    virtual_router_id {{i}}
                    priority 100
                    advert_int 1
                    authentication {
                        auth_type PASS
                        auth_pass secret{{i % 10}}
                    }
                    virtual_ipaddress {
                        10.{{third}}.{{fourth}}.1/24 dev eth{{i % 2}} label eth{{i % 2}}:v{{i}}
                        10.{{third}}.{{fourth}}.2/24 dev eth{{i % 2}}
                    }
                    track_script {
                        chk_haproxy
                    }
                }

                """);
        }
        return text.ToString();
    }
}
