using System.Text;

namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>Reads HaVrrp's <c>control:</c> block: <c>socket</c> and <c>admin_group</c>.</summary>
internal static class YamlControlReader
{
    public static ControlSettings Read(YamlConfigNode node, SourceLocation location, YamlReadContext context)
    {
        var source = new SourceMap(location);
        var control = new ControlSettings { Source = source };
        if (node is ScalarNode { IsNull: true })
        {
            return control;
        }
        var handlers = new Dictionary<string, Action<YamlConfigNode>>
        {
            ["socket"] = value => control = ReadSocketPath(value, context) is { } path ? control with { SocketPath = path } : control,
            ["admin_group"] = value => control = context.Text(value, "admin_group") is { Length: > 0 } group
                ? control with { AdminGroup = group }
                : control,
        };
        context.ReadMapping(node, "control", source, handlers);
        return control;
    }

    /// <summary>An absolute path short enough for a Unix socket address.</summary>
    private static string? ReadSocketPath(YamlConfigNode value, YamlReadContext context) =>
        context.ParseObject(value, "socket", $"an absolute path of at most {ControlSettings.MaxSocketPathBytes} bytes", text =>
            text.StartsWith('/') && Encoding.UTF8.GetByteCount(text) <= ControlSettings.MaxSocketPathBytes ? text : null);
}
