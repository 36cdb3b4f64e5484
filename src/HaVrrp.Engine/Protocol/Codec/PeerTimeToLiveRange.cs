namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>
/// keepalived's <c>unicast_peer { ADDR min_ttl N max_ttl M }</c>: the TTL / hop limit adverts from that peer must
/// arrive with, which tells how many routers they crossed. Only peers with a range configured have one.
/// </summary>
public readonly record struct PeerTimeToLiveRange(VrrpAddress Peer, int Minimum, int Maximum)
{
    public bool Contains(int timeToLive) => timeToLive >= Minimum && timeToLive <= Maximum;
}
