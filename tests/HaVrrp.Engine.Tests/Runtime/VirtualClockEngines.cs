namespace HaVrrp.Engine.Tests.Runtime;

/// <summary>
/// The engine tests on a manual clock run one class at a time, after the parallel classes. With every test
/// class of this assembly running beside them on a loaded machine, two of them (VIP lifetime refreshes,
/// reload without a flap) missed timer steps in about one run in four; run alone they never did. Why the
/// parallel load lets a loop miss a step is not yet found: docs/development.md, "Timing on a busy machine".
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VirtualClockEngines
{
    public const string Name = "Engines on a manual clock";
}
