using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HaVrrp.Engine.Control;

/// <summary>Durations travel as seconds (a JSON number), so shell users need no TimeSpan parser.</summary>
public sealed class SecondsConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeSpan.FromSeconds(reader.GetDouble());

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(Math.Round(value.TotalSeconds, 6));
    }
}

/// <summary>Wall-clock times travel as RFC 3339 UTC strings with a <c>Z</c>, millisecond precision.</summary>
public sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";
    private const int FormattedLength = 24;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // The daemon's own form (UTC, with its Z) parses straight from the bytes; anything else as before, where a
        // time without an offset counts as UTC rather than as the reader's local time.
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan is [.., (byte)'Z']
            && reader.TryGetDateTimeOffset(out var time))
        {
            return time;
        }
        return DateTimeOffset.Parse(reader.GetString() ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // Formatted on the stack: advert.watch writes one per advert, thousands a second.
        Span<char> text = stackalloc char[FormattedLength];
        value.UtcDateTime.TryFormat(text, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..written]);
    }
}

/// <summary>Addresses travel in their usual text form.</summary>
public sealed class IPAddressConverter : JsonConverter<IPAddress>
{
    // An IPv6 address with an embedded IPv4 address and a scope id is the longest text form.
    private const int LongestText = 64;

    public override IPAddress? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("not an IP address");
        }
        // A client reads lines from a pipe, so the value may span buffer segments.
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        Span<char> text = stackalloc char[LongestText];
        return length <= LongestText && IPAddress.TryParse(text[..reader.CopyString(text)], out var address)
            ? address
            : throw new JsonException("not an IP address");
    }

    public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        Span<char> text = stackalloc char[LongestText];
        value.TryFormat(text, out var written);
        writer.WriteStringValue(text[..written]);
    }
}

/// <summary>Enums travel as camelCase names (<c>master</c>, <c>stepDown</c>); reading ignores case.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
