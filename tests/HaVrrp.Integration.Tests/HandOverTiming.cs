namespace HaVrrp.Integration.Tests;

/// <summary>
/// The test classes whose verdicts rest on timing that a busy CPU can bend: a hand-over with not a
/// single lost probe at 10 ms, failover at 100 ms adverts, a planned switchover. xunit runs a
/// collection that disables parallelization on its own, after every parallel class has finished, so
/// these never share the two cores with another lab; their classes run one after the other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HandOverTiming
{
    public const string Name = "Hand-over timing";
}
