namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>VRRP priority values and keepalived's rule for combining tracking weights.</summary>
public static class Priority
{
    /// <summary>Sent by a master that is leaving (RFC 9568 §5.2.4).</summary>
    public const int Shutdown = 0;

    public const int MinimumBackup = 1;

    /// <summary>keepalived's priority when none is configured.</summary>
    public const int Default = 100;

    public const int MaximumBackup = 254;

    /// <summary>The router that owns the virtual addresses (RFC 9568 §5.2.4).</summary>
    public const int AddressOwner = 255;

    /// <summary>
    /// Base priority plus the tracking weights, clamped to 1..254 as keepalived does
    /// (vrrp_track.c, vrrp_set_effective_priority): weights never silence a router (0 means "leaving")
    /// and never make it the owner. An owner's priority is never changed, whatever the weights.
    /// </summary>
    public static int Effective(int basePriority, int weightSum) =>
        basePriority == AddressOwner
            ? AddressOwner
            : Math.Clamp(basePriority + weightSum, MinimumBackup, MaximumBackup);
}
