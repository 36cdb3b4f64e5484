using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;

namespace HaVrrp.Benchmarks;

/// <summary>
/// Reading a large keepalived.conf: 255 instances, each with two VIPs and a track_script, the size of a
/// busy load-balancer pair. Target: well under 20 ms per read.
/// </summary>
[MemoryDiagnoser]
public class KeepalivedReaderBenchmarks
{
    private static readonly KeepalivedReadOptions Options = new() { ConfigId = "lb1" };
    private string _text = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var builder = new StringBuilder();
        builder.Append("global_defs {\n    router_id lb1\n}\nvrrp_script chk_haproxy {\n    script \"killall -0 haproxy\"\n    interval 2\n}\n");
        for (var id = 1; id <= 255; id++)
        {
            builder.Append(CultureInfo.InvariantCulture, $$"""
                vrrp_instance VI_{{id}} {
                    state BACKUP
                    interface eth0
                    virtual_router_id {{id}}
                    priority 100
                    advert_int 1
                    virtual_ipaddress {
                        10.0.{{id}}.1/24 dev eth0    # outside
                        10.1.{{id}}.1/24 dev eth1 label eth1:vip
                    }
                    track_script {
                        chk_haproxy weight 2
                    }
                }

                """);
        }
        _text = builder.ToString();
    }

    [Benchmark]
    public int Read255Instances()
    {
        var diagnostics = new DiagnosticBag();
        return KeepalivedConfigReader.ReadText(_text, "keepalived.conf", Options, diagnostics).Instances.Count;
    }
}
