namespace HaVrrp.Engine.Protocol;

/// <summary>
/// What the state machine needs from an advert that passed the codec's validation: who sent it, the
/// priority, and the interval. The shell maps the decoded packet to this.
/// </summary>
/// <param name="Source">The sender's primary address (the IP source of the packet).</param>
/// <param name="Priority">0 (master leaving) to 255 (address owner).</param>
/// <param name="MaxAdvertInterval">As on the wire: centiseconds for VRRPv3, seconds for VRRPv2.</param>
/// <param name="Version">2 or 3.</param>
public readonly record struct ReceivedAdvert(VrrpAddress Source, int Priority, int MaxAdvertInterval, int Version)
{
    /// <summary>An advert in the units of its version, from an interval given as a time span.</summary>
    public static ReceivedAdvert Create(VrrpAddress source, int priority, TimeSpan interval, int version) =>
        new(source, priority, ToWireInterval(interval, version), version);

    public TimeSpan AdvertInterval => Version == 2
        ? TimeSpan.FromSeconds(MaxAdvertInterval)
        : TimeSpan.FromMilliseconds(MaxAdvertInterval * 10L);

    /// <summary>Seconds (v2) or centiseconds (v3), rounded to the nearest unit as keepalived sends it.</summary>
    public static int ToWireInterval(TimeSpan interval, int version) => version == 2
        ? (int)Math.Round(interval.TotalSeconds, MidpointRounding.AwayFromZero)
        : (int)Math.Round(interval.TotalMilliseconds / 10, MidpointRounding.AwayFromZero);
}
