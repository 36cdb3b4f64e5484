using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tracking;

/// <summary>
/// What the process watcher knows of one running process: its id, its parent's, its kernel name (comm), and its
/// arguments, which are null when no vrrp_track_process needs them (reading them costs more).
/// </summary>
public sealed record ProcessSnapshot(int Pid, int ParentPid, string Comm, IReadOnlyList<string>? CommandLine);

/// <summary>A vrrp_track_process whose number of matching processes changed, and why.</summary>
public readonly record struct ProcessCountChange(string Name, int Count, ProcessChangeCause Cause);

/// <summary>
/// Which running processes each vrrp_track_process counts, kept up to date from whole /proc scans or from the
/// kernel's process events (exec, comm, fork, exit). It only reports counts that changed; the
/// <see cref="ProcessTracker"/> in the event loop turns them into a quorum verdict. Like keepalived, a process that
/// a tracked process forks is counted as its parent was (it runs the same program) until it execs something else.
/// </summary>
public sealed class ProcessCensus
{
    private readonly TrackProcessConfig[] _configs;
    private readonly HashSet<int>[] _members;

    public ProcessCensus(IEnumerable<TrackProcessConfig> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        _configs = [.. configs];
        _members = [.. _configs.Select(_ => new HashSet<int>())];
        NeedsCommandLine = _configs.Any(config => config.ReadsCommandLine);
        NeedsComm = _configs.Any(config => !config.ReadsCommandLine);
    }

    /// <summary>Some block compares the kernel's process name, so an exec must be looked at in /proc/PID/stat.</summary>
    public bool NeedsComm { get; }

    /// <summary>Some block compares the command line, so snapshots must carry it.</summary>
    public bool NeedsCommandLine { get; }

    public bool IsEmpty => _configs.Length == 0;

    /// <summary>The processes <paramref name="name"/> counts now.</summary>
    public IReadOnlyCollection<int> MembersOf(string name) => _members[Array.FindIndex(_configs, config => config.Name == name)];

    /// <summary>
    /// Recounts from a whole scan. <paramref name="initial"/>: every count is reported (cause <see cref="ProcessChangeCause.Scan"/>);
    /// otherwise only changed counts, with the cause the difference suggests (a newcomer whose parent was counted
    /// is a fork).
    /// </summary>
    public IReadOnlyList<ProcessCountChange> Rescan(IEnumerable<ProcessSnapshot> processes, bool initial)
    {
        ArgumentNullException.ThrowIfNull(processes);
        var found = _configs.Select(_ => new List<ProcessSnapshot>()).ToArray();
        foreach (var process in processes)
        {
            for (var index = 0; index < _configs.Length; index++)
            {
                if (ProcessMatcher.Matches(_configs[index], process.Comm, process.CommandLine))
                {
                    found[index].Add(process);
                }
            }
        }

        var changes = new List<ProcessCountChange>();
        for (var index = 0; index < _configs.Length; index++)
        {
            var before = _members[index];
            var now = found[index].Select(process => process.Pid).ToHashSet();
            var forked = found[index].Count(process => !before.Contains(process.Pid) && before.Contains(process.ParentPid));
            var added = now.Count(pid => !before.Contains(pid));
            var removed = before.Count(pid => !now.Contains(pid));
            _members[index] = now;
            if (initial)
            {
                changes.Add(new(_configs[index].Name, now.Count, ProcessChangeCause.Scan));
            }
            else if (added > 0 || removed > 0)
            {
                var cause = removed > 0 ? ProcessChangeCause.Exit : forked == added ? ProcessChangeCause.Fork : ProcessChangeCause.Exec;
                changes.Add(new(_configs[index].Name, now.Count, cause));
            }
        }
        return changes;
    }

    /// <summary>
    /// A process replaced its program (exec) or renamed itself (comm, with <paramref name="commOnly"/>): it is
    /// matched afresh; null <paramref name="process"/> means it was already gone when looked at.
    /// </summary>
    public IReadOnlyList<ProcessCountChange> Examine(int pid, ProcessSnapshot? process, bool commOnly = false)
    {
        List<ProcessCountChange>? changes = null;
        for (var index = 0; index < _configs.Length; index++)
        {
            var config = _configs[index];
            if (commOnly && config.ReadsCommandLine)
            {
                continue;
            }
            var matches = process is not null && ProcessMatcher.Matches(config, process.Comm, process.CommandLine);
            var changed = matches ? _members[index].Add(pid) : _members[index].Remove(pid);
            if (changed)
            {
                (changes ??= []).Add(new(config.Name, _members[index].Count, matches ? ProcessChangeCause.Exec : ProcessChangeCause.Exit));
            }
        }
        return changes ?? (IReadOnlyList<ProcessCountChange>)[];
    }

    /// <summary>A process forked: the child counts wherever its parent counts.</summary>
    public IReadOnlyList<ProcessCountChange> Fork(int parentPid, int childPid)
    {
        List<ProcessCountChange>? changes = null;
        for (var index = 0; index < _configs.Length; index++)
        {
            if (_members[index].Contains(parentPid) && _members[index].Add(childPid))
            {
                (changes ??= []).Add(new(_configs[index].Name, _members[index].Count, ProcessChangeCause.Fork));
            }
        }
        return changes ?? (IReadOnlyList<ProcessCountChange>)[];
    }

    /// <summary>A process ended.</summary>
    public IReadOnlyList<ProcessCountChange> Exit(int pid)
    {
        List<ProcessCountChange>? changes = null;
        for (var index = 0; index < _configs.Length; index++)
        {
            if (_members[index].Remove(pid))
            {
                (changes ??= []).Add(new(_configs[index].Name, _members[index].Count, ProcessChangeCause.Exit));
            }
        }
        return changes ?? (IReadOnlyList<ProcessCountChange>)[];
    }
}
