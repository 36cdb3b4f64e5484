using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tracking;

/// <summary>
/// keepalived's weight rules for objects that are either up or down (scripts, interfaces):
/// weight 0 means "FAULT while down"; a positive weight is added while up; a negative weight is
/// added (so subtracted) while down. <c>reverse</c> multiplies the weight by -1 and, for weight 0,
/// swaps which state faults. The table (keepalived.conf(5), vrrp_track.c):
/// <code>
///   weight   reverse   up      down
///   +w       no        +w      0
///   -w       no        0       -w
///   +w       yes       -w      0
///   -w       yes       0       +w
///   0        no        0       FAULT
///   0        yes       FAULT   0
/// </code>
/// </summary>
public readonly record struct TrackedWeight(int Weight, bool Reverse = false)
{
    /// <summary>Fault-on-failure: keepalived's default for track_interface and unweighted scripts.</summary>
    public static TrackedWeight FaultOnFailure { get; } = new(0);

    public bool IsFaultOnly => Weight == 0;

    private int Multiplier => Reverse ? -1 : 1;

    /// <summary>The effect of the object being up (<paramref name="isUp"/> true) or down.</summary>
    public TrackedEffect EffectWhen(bool isUp)
    {
        if (Weight == 0)
        {
            return isUp == !Reverse ? TrackedEffect.None : TrackedEffect.Fault;
        }
        var applies = isUp ? Weight > 0 : Weight < 0;
        return applies ? TrackedEffect.Adjust(Weight * Multiplier) : TrackedEffect.None;
    }

    /// <summary>
    /// The weight an instance uses for a tracked object: the reference's own <c>weight N [reverse]</c>
    /// when given, otherwise the object's. keepalived takes the object's reverse flag unless the
    /// reference says <c>reverse</c> or <c>noreverse</c>.
    /// </summary>
    public static TrackedWeight Resolve(TrackReference reference, int objectWeight, bool objectReverse) =>
        new(reference.Weight ?? objectWeight, reference.Reverse ?? objectReverse);
}
