using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tracking;

/// <summary>
/// One <c>vrrp_track_file</c>: the integer last read from the file. keepalived reads it with
/// <c>strtol(text, NULL, 0)</c>: leading blanks, an optional sign, then decimal, <c>0x</c> hex or
/// <c>0</c>-prefixed octal digits, stopping at the first other character; no number, an unreadable
/// file, or a deleted file all read as 0. The value is clamped to -254..254.
/// </summary>
public sealed class FileTracker(TrackFileConfig config)
{
    /// <summary>A track-file status at or below this puts the instance in FAULT (keepalived's -254).</summary>
    public const int FaultStatus = -254;

    /// <summary>The largest priority change one track file can make.</summary>
    public const int MaxStatus = 253;

    public const int MaxValue = 254;

    public TrackFileConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));

    public string Name => Config.Name;

    public int Value { get; private set; }

    public DateTimeOffset? LastRead { get; private set; }

    /// <summary>Records the file's new content (null: missing or unreadable); returns true when the value changed.</summary>
    public bool Update(string? content, DateTimeOffset now)
    {
        LastRead = now;
        var value = content is null ? 0 : Parse(content);
        if (value == Value)
        {
            return false;
        }
        Value = value;
        return true;
    }

    /// <summary>
    /// The effect of <paramref name="value"/> on an instance tracking the file with <paramref name="weight"/>:
    /// weight 0 turns any non-zero value into FAULT; otherwise value × weight (× -1 when reversed) is
    /// clamped to -254..253 and -254 means FAULT.
    /// </summary>
    public static TrackedEffect EffectOf(int value, TrackedWeight weight)
    {
        if (weight.Weight == 0)
        {
            return value == 0 ? TrackedEffect.None : TrackedEffect.Fault;
        }

        var status = (long)value * weight.Weight * (weight.Reverse ? -1 : 1);
        if (status <= FaultStatus)
        {
            return TrackedEffect.Fault;
        }
        return TrackedEffect.Adjust((int)Math.Min(status, MaxStatus));
    }

    /// <summary>The integer at the start of <paramref name="text"/>, read as C's strtol with base 0, clamped to ±254.</summary>
    public static int Parse(ReadOnlySpan<char> text)
    {
        text = text.TrimStart(" \t\n\v\f\r");
        var negative = false;
        if (!text.IsEmpty && text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            text = text[1..];
        }

        var radix = 10;
        if (text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X' && IsDigit(text[2], 16))
        {
            radix = 16;
            text = text[2..];
        }
        else if (!text.IsEmpty && text[0] == '0')
        {
            radix = 8;
        }

        long magnitude = 0;
        foreach (var character in text)
        {
            if (!IsDigit(character, radix))
            {
                break;
            }
            // Saturate early: anything past the clamp reads the same, and this cannot overflow.
            magnitude = Math.Min(magnitude * radix + DigitValue(character), 1_000_000);
        }

        var value = negative ? -magnitude : magnitude;
        return (int)Math.Clamp(value, -MaxValue, MaxValue);
    }

    private static bool IsDigit(char character, int radix) =>
        char.IsAsciiHexDigit(character) && DigitValue(character) < radix;

    private static int DigitValue(char character) =>
        char.IsAsciiDigit(character) ? character - '0' : (character | 0x20) - 'a' + 10;
}
