namespace HaVrrp.Engine.Platform.Linux.Native;

/// <summary>
/// Signals a daemon inherits as ignored. `nohup` ignores SIGHUP and a shell's background job ignores
/// SIGINT; .NET then never calls a registration for that signal, so a daemon started that way would
/// silently never reload on SIGHUP. Restoring the default action before registering makes the
/// daemon's own handling apply however it was started (docs/daemon.md, "Signals").
/// </summary>
public static class InheritedSignalActions
{
    /// <summary>Restores the default action of each of <paramref name="signals"/> that is ignored; returns those.</summary>
    public static IReadOnlyList<int> RestoreIgnored(params ReadOnlySpan<int> signals)
    {
        var restored = new List<int>();
        foreach (var signal in signals)
        {
            if (LibC.IsSignalIgnored(signal) && LibC.RestoreDefaultSignalAction(signal))
            {
                restored.Add(signal);
            }
        }
        return restored;
    }
}
