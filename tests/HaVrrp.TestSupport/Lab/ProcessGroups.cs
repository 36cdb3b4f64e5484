using System.Globalization;

namespace HaVrrp.TestSupport.Lab;

/// <summary>What /proc says about a process group: the processes in it that are still alive.</summary>
public static class ProcessGroups
{
    public static IReadOnlyList<int> LiveMembers(int processGroup)
    {
        var members = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) &&
                ReadStat(pid) is { } stat && stat.Group == processGroup && stat.IsAlive)
            {
                members.Add(pid);
            }
        }
        return members;
    }

    /// <summary>The process group <paramref name="pid"/> belongs to; null when it has gone.</summary>
    public static int? GroupOf(int pid) => ReadStat(pid) is { IsAlive: true } stat ? stat.Group : null;

    /// <summary>
    /// Waits until <paramref name="pid"/> leads a process group of its own (or has gone). A command
    /// started through setsid becomes the leader only once setsid runs, a moment after the fork; a
    /// group kill sent before that would reach nobody and leave the command running.
    /// </summary>
    public static async Task WaitUntilGroupLeaderAsync(int pid, TimeSpan deadline)
    {
        var giveUp = DateTime.UtcNow + deadline;
        while (GroupOf(pid) is { } group && group != pid)
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"Process {pid} did not become a process group leader within {deadline.TotalSeconds} s.");
            }
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    private static (int Group, bool IsAlive)? ReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // exited while we looked
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // pid (comm) state ppid pgrp ... ; comm may hold spaces and parentheses, so split after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var state = fields[0];
        return (int.Parse(fields[2], CultureInfo.InvariantCulture), state != "Z" && state != "X");
    }

    /// <summary>
    /// Waits until no live process is left in the group. SIGKILL is delivered asynchronously, so the
    /// last members may take a moment to die; the deadline is generous and only a failure waits it out.
    /// </summary>
    public static async Task<IReadOnlyList<int>> WaitUntilEmptyAsync(int processGroup, TimeSpan deadline)
    {
        var giveUp = DateTime.UtcNow + deadline;
        while (true)
        {
            var members = LiveMembers(processGroup);
            if (members.Count == 0 || DateTime.UtcNow > giveUp)
            {
                return members;
            }
            await Task.Delay(20).ConfigureAwait(false);
        }
    }
}
