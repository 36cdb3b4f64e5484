namespace HaVrrp;

/// <summary>How bad a cluster finding is: an Error means the pair does not protect the VIP as configured.</summary>
public enum VrrpFindingSeverity
{
    Information,
    Warning,
    Error,
}

/// <summary>
/// One thing Test-VrrpCluster found about a virtual router across nodes. <see cref="Code"/> is stable (scripts
/// match on it; docs/help/Test-VrrpCluster.md lists them), <see cref="Message"/> is for people.
/// </summary>
public sealed class VrrpClusterFinding
{
    public required VrrpFindingSeverity Severity { get; init; }

    public required string Code { get; init; }

    public required int VirtualRouterId { get; init; }

    /// <summary>The interface (or interfaces, when the nodes name the segment's NIC differently) of the segment.</summary>
    public required string Interface { get; init; }

    /// <summary>The node the finding is about; empty when it is about the whole segment.</summary>
    public required string ComputerName { get; init; }

    /// <summary>The instance name(s) of the virtual router on the nodes.</summary>
    public required string Instance { get; init; }

    public required string Message { get; init; }

    public override string ToString() => $"{Severity} {Code} VRID {VirtualRouterId}: {Message}";
}
