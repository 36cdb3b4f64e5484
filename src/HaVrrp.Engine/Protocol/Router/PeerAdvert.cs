using HaVrrp.Engine.Protocol.Codec;

namespace HaVrrp.Engine.Protocol.Router;

/// <summary>
/// What the state machine needs from an advert for its VRID that <see cref="AdvertisementValidator"/> accepted
/// (version and a v2 interval are checked there, once): who sent it, the priority, and the interval. The shell maps
/// the <see cref="AdvertisementPacket"/> to this.
/// </summary>
/// <param name="Source">The sender's primary address (the IP source of the packet).</param>
/// <param name="Priority">0 (master leaving) to 255 (address owner).</param>
/// <param name="AdvertInterval">The sender's advertisement interval (Max Adver Int of VRRPv3, Adver Int of VRRPv2).</param>
public readonly record struct PeerAdvert(VrrpAddress Source, int Priority, TimeSpan AdvertInterval);
