using System.Buffers;
using System.Net;
using BenchmarkDotNet.Attributes;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Benchmarks;

/// <summary>
/// What one advert costs on each side of an <c>advert.watch</c> stream: the daemon writing its notification line,
/// and the client reading that line back into an <see cref="AdvertInfo"/> (envelope, then params, as
/// <see cref="VrrpControlClient"/> does). At 20,000 adverts a second each microsecond here is 2% of a core.
/// </summary>
[MemoryDiagnoser]
public class AdvertWatchLineBenchmarks
{
    private static readonly AdvertInfo ForeignAdvert = new()
    {
        Time = new DateTimeOffset(2026, 11, 27, 19, 37, 10, 184, TimeSpan.Zero),
        Direction = AdvertDirection.Received,
        Interface = "eth0",
        Source = IPAddress.Parse("10.0.0.2"),
        Destination = IPAddress.Parse("224.0.0.18"),
        Ttl = 255,
        Version = 3,
        VirtualRouterId = 77,
        Priority = 90,
        AdvertInterval = TimeSpan.FromSeconds(1),
        AuthType = AdvertisementAuthenticationType.None,
        Addresses = [IPAddress.Parse("192.0.2.250")],
        Problem = "unknownVirtualRouter",
    };

    private ReadOnlySequence<byte> _line;

    [GlobalSetup]
    public void Setup() => _line = new ReadOnlySequence<byte>(WriteAdvertLine());

    [Benchmark]
    public byte[] WriteAdvertLine() =>
        JsonRpcWire.Notification(ControlNotifications.Advert, new AdvertNotification(1, ForeignAdvert), ControlJsonContext.Default.AdvertNotification);

    [Benchmark]
    public AdvertInfo? ReadAdvertLine() =>
        JsonRpcEnvelope.Read(_line).Params(ControlJsonContext.Default.AdvertNotification)?.Advert;
}
