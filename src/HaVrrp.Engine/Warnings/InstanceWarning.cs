using System.Net;
using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Warnings;

/// <summary>What an instance warns about (docs/diagnostics.md "Runtime warnings").</summary>
public enum InstanceWarningCode
{
    /// <summary>While master, another MAC answers or announces one of our VIPs.</summary>
    AddressConflict,

    /// <summary>The master went silent (Master_Down), yet its MAC still answers for the VIPs.</summary>
    VanishedMasterAnswers,

    /// <summary>While master, a lower-priority master keeps advertising: it does not hear us.</summary>
    AnotherMaster,

    /// <summary>HV0301: a tracked failure cannot lower this instance below the priority a peer advertised.</summary>
    CannotFailOver,

    /// <summary>Held in INIT until every weight-0 script has reported once.</summary>
    WaitingForTracking,
}

/// <summary>
/// One warning of one instance, with the evidence that raised it: the other node's MAC and address, the VIPs
/// involved, or the priorities of a fail-over that cannot happen. Times are on the engine's monotonic timeline.
/// </summary>
public sealed record InstanceWarning(InstanceWarningCode Code, string Message, string? Hint, TimeSpan Since)
{
    /// <summary>The other node's MAC (aa:bb:cc:dd:ee:ff), when the evidence came from the wire.</summary>
    public string? HardwareAddress { get; init; }

    /// <summary>The other node's VRRP address, when its adverts were heard.</summary>
    public IPAddress? PeerAddress { get; init; }

    /// <summary>Our VIPs that the other node answers for.</summary>
    public ValueList<IPAddress> Addresses { get; init; } = ValueList<IPAddress>.Empty;

    /// <summary>The stable diagnostic code (HV0301) for warnings that have one.</summary>
    public string? DiagnosticCode { get; init; }

    /// <summary>HV0301: the tracked object whose failure cannot move the VIP.</summary>
    public string? TrackedObject { get; init; }

    /// <summary>HV0301: this instance's priority with everything healthy.</summary>
    public int? Priority { get; init; }

    /// <summary>HV0301: this instance's priority with the tracked object failed.</summary>
    public int? FailedPriority { get; init; }

    /// <summary>The priority the other node advertised (HV0301, another master).</summary>
    public int? PeerPriority { get; init; }

    /// <summary>Two masters: the other node holds or defends our VIPs, or advertises our VRID as master.</summary>
    public bool IsSplitBrain => Code is InstanceWarningCode.AddressConflict or InstanceWarningCode.VanishedMasterAnswers or InstanceWarningCode.AnotherMaster;

    /// <summary>What the warning is about, so that the same warning is recognised from one look to the next.</summary>
    public string Subject => HardwareAddress ?? PeerAddress?.ToString() ?? TrackedObject ?? string.Empty;
}
