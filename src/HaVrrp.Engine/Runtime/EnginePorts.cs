namespace HaVrrp.Engine.Runtime;

/// <summary>Everything the engine touches outside itself. Linux adapters in production, fakes in tests.</summary>
public sealed record EnginePorts(
    IVrrpTransportFactory Transports,
    IAddressManager Addresses,
    IGratuitousArpSender GratuitousArp,
    INotifier Notifier);
