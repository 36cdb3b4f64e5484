namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>Reads HaVrrp's <c>metrics:</c> block: <c>listen</c>.</summary>
internal static class YamlMetricsReader
{
    public static MetricsSettings Read(YamlConfigNode node, SourceLocation location, YamlReadContext context)
    {
        var source = new SourceMap(location);
        var metrics = new MetricsSettings { Source = source };
        if (node is ScalarNode { IsNull: true })
        {
            return metrics;
        }
        var handlers = new Dictionary<string, Action<YamlConfigNode>>
        {
            ["listen"] = value => metrics = ReadListen(value, context) is { } endpoint ? metrics with { Listen = endpoint } : metrics,
        };
        context.ReadMapping(node, "metrics", source, handlers);
        return metrics;
    }

    private static System.Net.IPEndPoint? ReadListen(YamlConfigNode value, YamlReadContext context)
    {
        if (context.Scalar(value, "listen") is not { } scalar)
        {
            return null;
        }
        var endpoint = MetricsSettings.ParseListen(scalar.Value);
        if (endpoint is null)
        {
            context.Diagnostics.Error(DiagnosticCodes.MetricsListenInvalid, scalar.Location,
                $"metrics listen '{scalar.Value}' is not an address and port: write 127.0.0.1:9650, or [::1]:9650 for IPv6");
        }
        return endpoint;
    }
}
