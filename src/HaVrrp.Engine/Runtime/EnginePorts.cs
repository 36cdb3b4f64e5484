namespace HaVrrp.Engine.Runtime;

/// <summary>Everything the engine touches outside itself. Linux adapters in production, fakes in tests.</summary>
public sealed record EnginePorts(
    IVrrpTransportFactory Transports,
    IAddressManager Addresses,
    IGratuitousArpSender GratuitousArp,
    INotifier Notifier)
{
    /// <summary>Things that post events to the engine on their own (link monitor, trackers); the host runs them.</summary>
    public IReadOnlyList<IEngineEventSource> EventSources { get; init; } = [];

    /// <summary>RFC 5227-style probes of VIPs and peers, for split-brain evidence (docs/diagnostics.md "Runtime warnings").</summary>
    public IAddressProbe AddressProbe { get; init; } = NoAddressProbe.Instance;

    /// <summary>Per-interface kernel settings (promote_secondaries).</summary>
    public IInterfaceSettings InterfaceSettings { get; init; } = NoInterfaceSettings.Instance;

    /// <summary>The packet filter that keeps a master in Accept_Mode off from answering packets to its VIPs.</summary>
    public IAcceptModeFirewall Firewall { get; init; } = NoAcceptModeFirewall.Instance;

    /// <summary>The macvlans of use_vmac.</summary>
    public IVirtualMacLinks VirtualMacLinks { get; init; } = NoVirtualMacLinks.Instance;
}

/// <summary>
/// A producer of engine events that runs beside the loop (the link monitor, script trackers). It posts
/// with <c>post</c> from any thread and ends when the token is cancelled.
/// </summary>
public interface IEngineEventSource
{
    Task RunAsync(Func<EngineEvent, bool> post, CancellationToken cancellationToken);
}

/// <summary>
/// An event source whose work depends on the configuration (the script scheduler, the track-file watcher): the
/// engine hands it each configuration it applies on reload. Called from the loop; must return at once.
/// </summary>
public interface IConfigurationFollower
{
    void Follow(Configuration.HaVrrpConfiguration configuration);
}
