using System.Globalization;
using System.Text.RegularExpressions;

namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>
/// Durations as people write them: <c>1s</c>, <c>100ms</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>; a plain number
/// means seconds, as in keepalived (<c>advert_int 0.5</c>).
/// </summary>
internal static partial class YamlDuration
{
    public const string Expectation = "a duration such as 1s, 100ms, 1.5s, 2m or a number of seconds";

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success ||
            !decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var ticksPerUnit = match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.TicksPerMillisecond,
            "m" => TimeSpan.TicksPerMinute,
            "h" => TimeSpan.TicksPerHour,
            _ => TimeSpan.TicksPerSecond,
        };
        var ticks = number * ticksPerUnit;
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)decimal.Round(ticks));
        return true;
    }

    /// <summary>The shortest exact spelling: <c>2m</c>, <c>90s</c>, <c>100ms</c>, <c>0.0001s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var ticks = duration.Ticks;
        if (ticks == 0)
        {
            return "0s";
        }
        if (ticks % TimeSpan.TicksPerHour == 0)
        {
            return Invariant($"{ticks / TimeSpan.TicksPerHour}h");
        }
        if (ticks % TimeSpan.TicksPerMinute == 0)
        {
            return Invariant($"{ticks / TimeSpan.TicksPerMinute}m");
        }
        if (ticks % TimeSpan.TicksPerSecond == 0)
        {
            return Invariant($"{ticks / TimeSpan.TicksPerSecond}s");
        }
        if (ticks % TimeSpan.TicksPerMillisecond == 0)
        {
            return Invariant($"{ticks / TimeSpan.TicksPerMillisecond}ms");
        }
        return FormatSeconds(duration) + "s";
    }

    /// <summary>Seconds with as many decimals as needed (keepalived's own unit).</summary>
    public static string FormatSeconds(TimeSpan duration) =>
        ((decimal)duration.Ticks / TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<number>\d+(\.\d+)?|\.\d+)\s*(?<unit>ms|s|m|h)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
