using System.Management.Automation;
using HaVrrp.Engine.Control;
using HaVrrp.PowerShell.Daemon;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Reloads havrrpd's configuration file, or with -WhatIf shows what a reload would do.</para>
/// </summary>
[Cmdlet(VerbsData.Update, "VrrpConfiguration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(VrrpReloadResult))]
public sealed class UpdateVrrpConfigurationCommand : DaemonCommand
{
    protected override void ProcessDaemonRecord()
    {
        var configPath = Daemon.ConfigPath;
        var apply = ShouldProcess(
            $"Reload {configPath} in havrrpd (pid {Daemon.Pid}).",
            $"Reload {configPath} in havrrpd (pid {Daemon.Pid})?",
            "Update-VrrpConfiguration",
            out var reason);
        if (!apply && reason != ShouldProcessReason.WhatIf)
        {
            return;
        }
        // -WhatIf is the daemon's dry run: the file is loaded and checked and the plan computed, nothing applied.
        var result = VrrpReloadResult.From(Await(Client.ReloadAsync(dryRun: !apply, CancellationToken)), Environment.MachineName);
        if (result.ErrorCount > 0)
        {
            WriteError(Rejected(result));
            return;
        }
        foreach (var warning in result.Diagnostics)
        {
            WriteWarning(warning.ToString());
        }
        WriteObject(result);
    }

    /// <summary>ReloadRejected: the message lists every finding (file:line:col), the target is the whole result.</summary>
    private static ErrorRecord Rejected(VrrpReloadResult result)
    {
        var findings = string.Join(Environment.NewLine, result.Diagnostics.Select(diagnostic => diagnostic.ToString()));
        var verb = result.DryRun ? "would refuse" : "refused";
        var message = $"havrrpd {verb} to reload {result.ConfigPath}: {result.ErrorCount} error(s); generation {result.ConfigGeneration} keeps running{Environment.NewLine}{findings}";
        return new ErrorRecord(new VrrpControlException(ControlErrorKind.NotPossible, message), DaemonErrors.ReloadRejected, ErrorCategory.InvalidData, result)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Fix the file (Test-VrrpConfiguration shows the same findings), then run Update-VrrpConfiguration again." },
        };
    }
}
