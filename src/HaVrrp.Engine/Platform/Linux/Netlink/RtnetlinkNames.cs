using System.Globalization;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

/// <summary>
/// The names iproute2 and keepalived accept for scopes, routing tables and route types, or plain
/// numbers. Unknown names throw <see cref="FormatException"/> with the accepted spellings.
/// </summary>
public static class RtnetlinkNames
{
    private static readonly string[] TableFiles = ["/etc/iproute2/rt_tables", "/usr/share/iproute2/rt_tables", "/usr/lib/iproute2/rt_tables"];

    /// <summary>global (universe), site, link, host, nowhere, or 0-255.</summary>
    public static RouteScope ParseScope(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ToLowerInvariant() switch
        {
            "global" or "universe" => RouteScope.Global,
            "site" => RouteScope.Site,
            "link" => RouteScope.Link,
            "host" => RouteScope.Host,
            "nowhere" => RouteScope.Nowhere,
            _ when byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) => (RouteScope)number,
            _ => throw new FormatException($"Unknown scope '{text}': use global, site, link, host, nowhere or a number 0-255."),
        };
    }

    /// <summary>
    /// main, local, default, a name from rt_tables (when <paramref name="tableFiles"/> is null,
    /// iproute2's usual files), or a number 1-4294967295.
    /// </summary>
    public static uint ParseTable(string text, IEnumerable<string>? tableFiles = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.ToLowerInvariant())
        {
            case "main":
                return RouteTable.Main;
            case "local":
                return RouteTable.Local;
            case "default":
                return RouteTable.Default;
        }

        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            return number;
        }

        foreach (var file in tableFiles ?? TableFiles)
        {
            if (File.Exists(file) && FindTable(File.ReadLines(file), text) is { } found)
            {
                return found;
            }
        }

        throw new FormatException($"Unknown routing table '{text}': use main, local, default, a number, or a name from rt_tables.");
    }

    /// <summary>unicast, blackhole, unreachable, prohibit.</summary>
    public static RouteType ParseRouteType(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ToLowerInvariant() switch
        {
            "unicast" => RouteType.Unicast,
            "blackhole" => RouteType.Blackhole,
            "unreachable" => RouteType.Unreachable,
            "prohibit" => RouteType.Prohibit,
            _ => throw new FormatException($"Unsupported route type '{text}': use unicast, blackhole, unreachable or prohibit."),
        };
    }

    /// <summary>rt_tables lines read "number name"; '#' starts a comment.</summary>
    internal static uint? FindTable(IEnumerable<string> lines, string name)
    {
        foreach (var line in lines)
        {
            var content = line.Split('#', 2)[0];
            var fields = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2
                && string.Equals(fields[1], name, StringComparison.Ordinal)
                && uint.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
        }

        return null;
    }
}
