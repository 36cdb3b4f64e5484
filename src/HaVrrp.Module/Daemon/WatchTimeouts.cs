using System.Management.Automation;
using HaVrrp.Engine.Control;

namespace HaVrrp.PowerShell.Daemon;

/// <summary>The -Timeout of the Watch cmdlets: more than zero, at most what the daemon accepts for a stream.</summary>
internal static class WatchTimeouts
{
    public static void Check(PSCmdlet cmdlet, TimeSpan? timeout)
    {
        if (timeout is { } value && (value <= TimeSpan.Zero || value.TotalSeconds > ControlProtocol.MaxWatchSeconds))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new ArgumentOutOfRangeException(nameof(timeout), value, $"-Timeout must be more than 0 and at most {TimeSpan.FromSeconds(ControlProtocol.MaxWatchSeconds)}"),
                "InvalidTimeout", ErrorCategory.InvalidArgument, value));
        }
    }
}
