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
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // pid (comm) state ppid pgrp ... ; comm may hold spaces and parentheses, so split after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var state = fields[0];
            var group = int.Parse(fields[2], CultureInfo.InvariantCulture);
            if (group == processGroup && state != "Z" && state != "X")
            {
                members.Add(pid);
            }
        }
        return members;
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
