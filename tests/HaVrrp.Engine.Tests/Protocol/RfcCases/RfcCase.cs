using System.Globalization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HaVrrp.Engine.Tests.Protocol.RfcCases;

// The shape of one tests/HaVrrp.Engine.Tests/TestData/rfc-cases/*.yaml file. Times are written
// "0.5s", "648437us" or "100ms"; "at" times count from the moment the router reached the given state.
// Unknown keys fail the load, so a typo cannot silently weaken a case.

public sealed class RfcCase
{
    /// <summary>RFC number and section, e.g. "9568 6.4.2".</summary>
    public string Rfc { get; set; } = "";

    /// <summary>The sentence of the RFC (or keepalived behaviour) the case checks, quoted.</summary>
    public string Quote { get; set; } = "";

    public CaseRouter Router { get; set; } = new();

    public CaseGiven Given { get; set; } = new();

    public List<CaseEvent> Events { get; set; } = [];

    public List<CaseExpectation> Expect { get; set; } = [];

    public static RfcCase Load(string path)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build();
        return deserializer.Deserialize<RfcCase>(File.ReadAllText(path));
    }

    /// <summary>"1.5s", "648437us", "250ms" as a time span, exactly (no floating point).</summary>
    public static TimeSpan ParseTime(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var (number, microsecondsPerUnit) =
            text.EndsWith("us", StringComparison.Ordinal) ? (text[..^2], 1m) :
            text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1_000m) :
            text.EndsWith('s') ? (text[..^1], 1_000_000m) :
            throw new FormatException($"'{text}' needs a unit: s, ms or us");
        var microseconds = decimal.Parse(number, NumberStyles.Number, CultureInfo.InvariantCulture) * microsecondsPerUnit;
        return TimeSpan.FromMicroseconds((long)microseconds);
    }
}

public sealed class CaseRouter
{
    public int Priority { get; set; } = 100;

    public string AdvertInt { get; set; } = "1s";

    public int Version { get; set; } = 3;

    public string Address { get; set; } = "10.0.0.2";

    public bool Preempt { get; set; } = true;

    public string PreemptDelay { get; set; } = "0s";

    public bool LowerPrioNoAdvert { get; set; }
}

public sealed class CaseGiven
{
    /// <summary>initialize (not started), backup (started at t=0), master (t=0 is when it became master), fault.</summary>
    public string State { get; set; } = "initialize";

    /// <summary>For backup: a master heard at t=0.</summary>
    public CaseAdvert? Master { get; set; }
}

public sealed class CaseAdvert
{
    public string From { get; set; } = "";

    public int Priority { get; set; }

    /// <summary>Defaults to the router's own interval.</summary>
    public string? Interval { get; set; }

    /// <summary>Defaults to the router's own version.</summary>
    public int? Version { get; set; }
}

public sealed class CaseEvent
{
    public string At { get; set; } = "0s";

    public CaseAdvert? Receive { get; set; }

    public bool Start { get; set; }

    public bool Shutdown { get; set; }

    /// <summary>The planned switchover (instance.failover stepDown).</summary>
    public bool StepDown { get; set; }

    /// <summary>Clears a step-down's hold (instance.failover release).</summary>
    public bool Release { get; set; }

    /// <summary>"up" or "down".</summary>
    public string? Interface { get; set; }

    public override string ToString() => $"at {At}";
}

public sealed class CaseExpectation
{
    public string At { get; set; } = "0s";

    public string? State { get; set; }

    /// <summary>When the Master_Down_Timer fires (case time), or "none".</summary>
    public string? MasterDownTimer { get; set; }

    /// <summary>When the Adver_Timer fires (case time), or "none".</summary>
    public string? AdverTimer { get; set; }

    public string? MasterAdverInterval { get; set; }

    public string? Master { get; set; }

    /// <summary>Exactly the non-log actions performed at this instant, e.g. SendAdvert(90).</summary>
    public List<string>? Actions { get; set; }

    /// <summary>Exactly the log lines written at this instant.</summary>
    public List<string>? Logs { get; set; }
}
