namespace HaVrrp.Prober;

/// <summary>
/// With the kernel's autogroup scheduling (on in most distributions), CPU time is shared fairly between
/// sessions first and by nice only within a session, so `nice -n -20` alone does nothing against the
/// daemons, builds and test hosts in other sessions. Started in a session of its own (setsid), the
/// prober gives that session's group the highest weight (docs/development.md, "Timing on a busy machine").
/// </summary>
internal static class SchedulingWeight
{
    private const string OwnAutogroup = "/proc/self/autogroup";

    public static void RaiseOwnGroup()
    {
        if (!File.Exists(OwnAutogroup))
        {
            return; // No autogroups: nice applies across the whole machine.
        }
        try
        {
            File.WriteAllText(OwnAutogroup, "-20");
        }
        catch (IOException error)
        {
            Console.Error.WriteLine($"havrrp-prober: cannot raise its scheduling group's weight: {error.Message}");
        }
        catch (UnauthorizedAccessException error)
        {
            Console.Error.WriteLine($"havrrp-prober: cannot raise its scheduling group's weight: {error.Message}");
        }
    }
}
