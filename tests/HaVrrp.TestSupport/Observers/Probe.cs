using System.Net.NetworkInformation;

namespace HaVrrp.TestSupport.Observers;

/// <summary>
/// One ICMP echo request the client sent to the virtual address, and the reply if one came back in
/// time: when (since the probe started), from which MAC, and which lab node that MAC belongs to.
/// </summary>
public sealed record Probe(int Sequence, TimeSpan SentAt, TimeSpan? AnsweredAt, PhysicalAddress? AnsweredBy, string? Responder)
{
    public bool Answered => AnsweredAt is not null;
}
