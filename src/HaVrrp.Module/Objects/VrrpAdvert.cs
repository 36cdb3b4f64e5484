using System.Net;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp;

/// <summary>One VRRP advert the daemon saw (Watch-VrrpAdvert); <see cref="Problem"/> is empty when it is fine.</summary>
public sealed class VrrpAdvert
{
    public required DateTimeOffset Time { get; init; }

    public required AdvertDirection Direction { get; init; }

    public required string Interface { get; init; }

    public IPAddress? Source { get; init; }

    public IPAddress? Destination { get; init; }

    public int? Ttl { get; init; }

    public int? Version { get; init; }

    public int? VirtualRouterId { get; init; }

    public int? Priority { get; init; }

    public TimeSpan? AdvertInterval { get; init; }

    public AdvertisementAuthenticationType? AuthType { get; init; }

    public required IPAddress[] Addresses { get; init; }

    /// <summary>The local instance it belongs to; empty for a VRID this daemon does not run.</summary>
    public required string Instance { get; init; }

    /// <summary>Empty when the advert is fine; else why it was dropped (<c>virtualRouterIdNotOurs</c>, ...).</summary>
    public required string Problem { get; init; }

    public required string ComputerName { get; init; }

    internal static VrrpAdvert From(AdvertInfo info, string computerName) => new()
    {
        Time = info.Time,
        Direction = info.Direction,
        Interface = info.Interface,
        Source = info.Source,
        Destination = info.Destination,
        Ttl = info.Ttl,
        Version = info.Version,
        VirtualRouterId = info.VirtualRouterId,
        Priority = info.Priority,
        AdvertInterval = info.AdvertInterval,
        AuthType = info.AuthType,
        Addresses = [.. info.Addresses ?? []],
        Instance = info.Instance ?? string.Empty,
        Problem = info.Problem ?? string.Empty,
        ComputerName = computerName,
    };
}
