using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.FailoverBench;

/// <summary>A VRRP timing to measure failover at: the version and the advertisement interval.</summary>
internal sealed record FailoverProfile(string Name, int Version, TimeSpan AdvertInterval, bool VirtualMac = false)
{
    /// <summary>The same timing with keepalived's use_vmac on both nodes (the VIP on macvlan vrrp.51 with 00:00:5e:00:01:33).</summary>
    public FailoverProfile WithVirtualMac() => this with { Name = Name + ", use_vmac", VirtualMac = true };

    /// <summary>Where the VIP lives on a node that holds it.</summary>
    public string AddressInterface => VirtualMac ? $"vrrp.{BenchConfigurations.VirtualRouterId}" : HaVrrp.TestSupport.Lab.LabNode.InterfaceName;

    public const int MasterPriority = 150;
    public const int BackupPriority = 100;

    public static readonly FailoverProfile Version2OneSecond = new("v2 advert_int 1", 2, TimeSpan.FromSeconds(1));

    public static readonly FailoverProfile Version3Centiseconds = new("v3 advert_int 0.1", 3, TimeSpan.FromMilliseconds(100));

    public static IReadOnlyList<FailoverProfile> All => [Version2OneSecond, Version3Centiseconds];

    /// <summary>How long the backup waits after the master's last advert before it takes over (the crash case).</summary>
    public TimeSpan BackupMasterDownInterval => VrrpTimers.MasterDownInterval(BackupPriority, AdvertInterval);

    /// <summary>How long the backup waits after a priority-0 advert (the graceful case).</summary>
    public TimeSpan BackupSkewTime => VrrpTimers.SkewTime(BackupPriority, AdvertInterval);
}
