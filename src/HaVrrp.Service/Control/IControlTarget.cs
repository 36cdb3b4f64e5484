using HaVrrp.Engine.Runtime;

namespace HaVrrp.Service.Control;

/// <summary>What the control plane needs of the running daemon: its engine, its configuration, and reloads.</summary>
internal interface IControlTarget
{
    VrrpEngine Engine { get; }

    RunningConfiguration Running { get; }

    Task<ReloadOutcome> ReloadAsync(bool dryRun, CancellationToken cancellationToken = default);
}
