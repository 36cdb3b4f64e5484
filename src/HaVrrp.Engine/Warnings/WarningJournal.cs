namespace HaVrrp.Engine.Warnings;

/// <summary>How a warning is to be written to the log now.</summary>
public enum WarningLogKind
{
    Raised,

    /// <summary>Still in force: written again, at most once per <see cref="WarningJournal.RepeatPeriod"/>.</summary>
    Repeated,

    Cleared,
}

/// <summary>One line the log is owed.</summary>
public readonly record struct WarningLogEntry(WarningLogKind Kind, InstanceWarning Warning);

/// <summary>
/// Rate-limits warnings in the log the way keepalived does with its repeated messages: a line when a warning is
/// raised, the same line again every <see cref="RepeatPeriod"/> while it stands (a journal that rotated still shows
/// it), and one line when it clears. A warning is the same one from look to look when its code and subject match,
/// whatever its wording; a changed message (another VIP in conflict) is written at once as a repeat.
/// </summary>
public sealed class WarningJournal
{
    public static readonly TimeSpan RepeatPeriod = TimeSpan.FromMinutes(5);

    private readonly Dictionary<(InstanceWarningCode Code, string Subject), (InstanceWarning Warning, TimeSpan LoggedAt)> _logged = [];

    /// <summary>Whether a standing warning is owed its periodic repeat at <paramref name="now"/>.</summary>
    public bool IsRepeatDue(TimeSpan now)
    {
        foreach (var logged in _logged.Values)
        {
            if (now - logged.LoggedAt >= RepeatPeriod)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Compares <paramref name="current"/> with what was logged and returns the lines owed.</summary>
    public IReadOnlyList<WarningLogEntry> Update(TimeSpan now, IReadOnlyList<InstanceWarning> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        List<WarningLogEntry>? entries = null;
        var seen = new HashSet<(InstanceWarningCode, string)>();
        foreach (var warning in current)
        {
            var key = (warning.Code, warning.Subject);
            seen.Add(key);
            if (!_logged.TryGetValue(key, out var logged))
            {
                (entries ??= []).Add(new WarningLogEntry(WarningLogKind.Raised, warning));
                _logged[key] = (warning, now);
            }
            else if (logged.Warning.Message != warning.Message || now - logged.LoggedAt >= RepeatPeriod)
            {
                (entries ??= []).Add(new WarningLogEntry(WarningLogKind.Repeated, warning));
                _logged[key] = (warning, now);
            }
        }
        foreach (var (key, logged) in _logged)
        {
            if (!seen.Contains(key))
            {
                (entries ??= []).Add(new WarningLogEntry(WarningLogKind.Cleared, logged.Warning));
                _logged.Remove(key);
            }
        }
        return entries ?? (IReadOnlyList<WarningLogEntry>)[];
    }
}
