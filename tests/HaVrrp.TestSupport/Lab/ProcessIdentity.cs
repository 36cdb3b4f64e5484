using System.Globalization;

namespace HaVrrp.TestSupport.Lab;

/// <summary>
/// "pid start-time" of a process: the pid alone is not enough to tell whether a lab's owner is
/// alive, because pids are reused. The start time is field 22 of /proc/PID/stat.
/// </summary>
public static class ProcessIdentity
{
    public static string Current => Of(Environment.ProcessId) ?? Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public static bool IsAlive(string identity)
    {
        var pidText = identity.Split(' ')[0];
        return int.TryParse(pidText, CultureInfo.InvariantCulture, out var pid) && Of(pid) == identity.Trim();
    }

    private static string? Of(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
        var fieldsAfterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var startTime = fieldsAfterName[19]; // field 22 overall: fields 3.. start at index 0
        return $"{pid.ToString(CultureInfo.InvariantCulture)} {startTime}";
    }
}
