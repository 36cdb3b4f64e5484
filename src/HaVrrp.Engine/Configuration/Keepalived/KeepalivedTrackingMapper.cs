namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Reads what tracks health and reports transitions: <c>vrrp_script</c>, <c>track_file</c> (or <c>vrrp_track_file</c>),
/// <c>vrrp_track_process</c>, the
/// <c>track_*</c> reference lists, the <c>notify*</c> scripts, and <c>vrrp_sync_group</c>.
/// </summary>
internal sealed class KeepalivedTrackingMapper(KeepalivedValueReader values)
{
    public VrrpScriptConfig? Script(KeepalivedNode node)
    {
        var name = values.BlockName(node);
        var statements = values.Block(node);
        if (name is null)
        {
            return null;
        }
        var map = new SourceMap(node.Location);
        var script = new VrrpScriptConfig { Name = name, Script = string.Empty, Source = map };
        foreach (var statement in statements)
        {
            switch (statement.Name)
            {
                case "script":
                    script = values.Text(statement, map) is { } command ? script with { Script = command } : script;
                    break;
                case "interval":
                    script = values.Seconds(statement, map) is { } interval ? script with { Interval = interval } : script;
                    break;
                case "timeout":
                    script = values.Seconds(statement, map) is { } timeout ? script with { Timeout = timeout } : script;
                    break;
                case "weight":
                    var (weight, reverse) = Weight(statement, map);
                    script = weight is { } value ? script with { Weight = value, WeightReverse = reverse ?? false } : script;
                    break;
                case "rise":
                    script = values.Integer(statement, map) is { } rise ? script with { Rise = rise } : script;
                    break;
                case "fall":
                    script = values.Integer(statement, map) is { } fall ? script with { Fall = fall } : script;
                    break;
                case "user":
                    script = User(statement, map) is { } user ? script with { User = user } : script;
                    break;
                case "init_fail":
                    script = script with { InitFail = values.Flag(statement, map) };
                    break;
                default:
                    values.Unknown(statement, $"vrrp_script {name}", EmptySet);
                    break;
            }
        }
        if (!map.Has("script"))
        {
            values.Diagnostics.Error(DiagnosticCodes.MissingValue, node.Location, $"vrrp_script {name} needs a script");
        }
        return script;
    }

    public TrackFileConfig? TrackFile(KeepalivedNode node)
    {
        var name = values.BlockName(node);
        var statements = values.Block(node);
        if (name is null)
        {
            return null;
        }
        var map = new SourceMap(node.Location);
        var trackFile = new TrackFileConfig { Name = name, File = string.Empty, Source = map };
        foreach (var statement in statements)
        {
            switch (statement.Name)
            {
                case "file":
                    trackFile = values.Text(statement, map) is { } file ? trackFile with { File = file } : trackFile;
                    break;
                case "weight":
                    var (weight, reverse) = Weight(statement, map);
                    trackFile = weight is { } value ? trackFile with { Weight = value, WeightReverse = reverse ?? false } : trackFile;
                    break;
                case "init_file":
                    trackFile = InitFile(statement, map, trackFile);
                    break;
                default:
                    values.Unknown(statement, $"{node.Name} {name}", EmptySet);
                    break;
            }
        }
        if (!map.Has("file"))
        {
            values.Diagnostics.Error(DiagnosticCodes.MissingValue, node.Location, $"{node.Name} {name} needs a file");
        }
        return trackFile;
    }

    /// <summary>
    /// <c>vrrp_track_process NAME { process NAME [PARAM...]; param_match ...; weight N [reverse]; quorum N; quorum_max N;
    /// delay S; terminate_delay S; fork_delay S; full_command }</c>. Parameters after the process name imply exact
    /// matching of the command line, as keepalived's parser does; a bare <c>param_match</c> means exact.
    /// </summary>
    public TrackProcessConfig? TrackProcess(KeepalivedNode node)
    {
        var name = values.BlockName(node);
        var statements = values.Block(node);
        if (name is null)
        {
            return null;
        }
        var map = new SourceMap(node.Location);
        var process = new TrackProcessConfig { Name = name, Process = string.Empty, Source = map };
        foreach (var statement in statements)
        {
            switch (statement.Name)
            {
                case "process":
                    process = ProcessName(statement, map, process);
                    break;
                case "param_match":
                    process = ParameterMatch(statement, map, process);
                    break;
                case "weight":
                    var (weight, reverse) = Weight(statement, map);
                    process = weight is { } value ? process with { Weight = value, WeightReverse = reverse ?? false } : process;
                    break;
                case "quorum":
                    process = values.Integer(statement, map) is { } quorum ? process with { Quorum = quorum } : process;
                    break;
                case "quorum_max":
                    // keepalived: quorum_max 0 means "no such process may run", and takes the quorum down to 0 with it.
                    process = values.Integer(statement, map) is { } max
                        ? process with { QuorumMax = max, Quorum = max == 0 ? 0 : Math.Max(process.Quorum, 1) }
                        : process;
                    break;
                case "delay":
                    process = values.Seconds(statement, map) is { } delay ? process with { TerminateDelay = delay, ForkDelay = delay } : process;
                    break;
                case "terminate_delay":
                    process = values.Seconds(statement, map) is { } terminate ? process with { TerminateDelay = terminate } : process;
                    break;
                case "fork_delay":
                    process = values.Seconds(statement, map) is { } fork ? process with { ForkDelay = fork } : process;
                    break;
                case "full_command":
                    values.Record(statement, map);
                    values.WarnExtra(statement, allowed: 0);
                    process = process with { FullCommand = true };
                    break;
                default:
                    values.Unknown(statement, $"vrrp_track_process {name}", EmptySet);
                    break;
            }
        }
        if (!map.Has("process"))
        {
            values.Diagnostics.Error(DiagnosticCodes.MissingValue, node.Location, $"vrrp_track_process {name} needs a process");
        }
        return process;
    }

    private TrackProcessConfig ProcessName(KeepalivedNode node, SourceMap map, TrackProcessConfig process)
    {
        values.Record(node, map);
        if (node.Arguments.Count == 0)
        {
            values.Diagnostics.Error(DiagnosticCodes.MissingValue, node.Location, "process needs a name");
            return process;
        }
        map.Set(KeepalivedValueReader.ValueKey(node.Name), node.Arguments[0].Location);
        process = process with { Process = node.Arguments[0].Text };
        if (node.Arguments.Count == 1)
        {
            return process;
        }
        return process with
        {
            Parameters = node.Arguments.Skip(1).Select(argument => argument.Text).ToValueList(),
            ParameterMatch = process.ParameterMatch == ProcessParameterMatch.None ? ProcessParameterMatch.Exact : process.ParameterMatch,
            FullCommand = true,
        };
    }

    private TrackProcessConfig ParameterMatch(KeepalivedNode node, SourceMap map, TrackProcessConfig process)
    {
        values.Record(node, map);
        values.WarnExtra(node, allowed: 1);
        if (node.Arguments.Count == 0)
        {
            return process with { ParameterMatch = ProcessParameterMatch.Exact, FullCommand = true };
        }
        map.Set(KeepalivedValueReader.ValueKey(node.Name), node.Arguments[0].Location);
        ProcessParameterMatch? match = node.Arguments[0].Text switch
        {
            "initial" => ProcessParameterMatch.Initial,
            "partial" => ProcessParameterMatch.Partial,
            "exact" => ProcessParameterMatch.Exact,
            _ => null,
        };
        if (match is null)
        {
            values.Invalid(node.Name, node.Arguments[0], "is not initial, partial or exact");
            return process;
        }
        return process with { ParameterMatch = match.Value, FullCommand = true };
    }

    /// <summary>
    /// A <c>track_script</c>, <c>track_interface</c> or <c>track_file</c> list: <c>NAME [weight N [reverse|noreverse]]</c>.
    /// <c>owner</c>, the map of the instance or sync group holding the list, records where its keyword was written.
    /// </summary>
    public ValueList<TrackReference> References(KeepalivedNode list, SourceMap owner)
    {
        var references = new List<TrackReference>();
        foreach (var item in values.Block(list, owner))
        {
            var map = new SourceMap(item.Location);
            var reference = new TrackReference(item.Name) { Source = map };
            var arguments = item.Arguments;
            var position = 0;
            while (position < arguments.Count)
            {
                var option = arguments[position];
                map.Set(option.Text, option.Location);
                switch (option.Text)
                {
                    case "weight" when position + 1 < arguments.Count:
                        var value = arguments[position + 1];
                        map.Set(KeepalivedValueReader.ValueKey("weight"), value.Location);
                        reference = values.TryInteger("weight", value, out var weight) ? reference with { Weight = weight } : reference;
                        position += 2;
                        break;
                    case "weight":
                        values.Diagnostics.Error(DiagnosticCodes.MissingValue, option.Location, "weight needs a value");
                        position++;
                        break;
                    case "reverse":
                        reference = reference with { Reverse = true };
                        position++;
                        break;
                    case "noreverse":
                        reference = reference with { Reverse = false };
                        position++;
                        break;
                    default:
                        values.WarnExtra($"{list.Name} {item.Name}", arguments, position);
                        position = arguments.Count;
                        break;
                }
            }
            references.Add(reference);
        }
        return references;
    }

    /// <summary>Applies one <c>notify*</c> keyword to <paramref name="notify"/>; false when it is not one.</summary>
    public bool TryNotify(KeepalivedNode node, SourceMap map, ref NotifyConfig notify)
    {
        switch (node.Name)
        {
            case "notify_master":
                notify = notify with { Master = NotifyScript(node, map) ?? notify.Master };
                return true;
            case "notify_backup":
                notify = notify with { Backup = NotifyScript(node, map) ?? notify.Backup };
                return true;
            case "notify_fault":
                notify = notify with { Fault = NotifyScript(node, map) ?? notify.Fault };
                return true;
            case "notify_stop":
                notify = notify with { Stop = NotifyScript(node, map) ?? notify.Stop };
                return true;
            case "notify":
                notify = notify with { Any = NotifyScript(node, map) ?? notify.Any };
                return true;
            case "notify_master_rx_lower_pri":
                notify = notify with { MasterRxLowerPriority = NotifyScript(node, map) ?? notify.MasterRxLowerPriority };
                return true;
            default:
                return false;
        }
    }

    public SyncGroupConfig? SyncGroup(KeepalivedNode node)
    {
        var name = values.BlockName(node);
        var statements = values.Block(node);
        if (name is null)
        {
            return null;
        }
        var map = new SourceMap(node.Location);
        var group = new SyncGroupConfig { Name = name, Source = map };
        var notify = group.Notify;
        foreach (var statement in statements)
        {
            if (TryNotify(statement, map, ref notify))
            {
                continue;
            }
            switch (statement.Name)
            {
                case "group":
                    group = group with { Members = Members(statement, map) };
                    break;
                case "track_script":
                    group = group with { TrackScripts = References(statement, map) };
                    break;
                case "track_interface":
                    group = group with { TrackInterfaces = References(statement, map) };
                    break;
                case "track_file":
                    group = group with { TrackFiles = References(statement, map) };
                    break;
                case "track_process":
                    group = group with { TrackProcesses = References(statement, map) };
                    break;
                case "smtp_alert":
                    group = group with { SmtpAlert = values.Flag(statement, map) };
                    break;
                case "sync_group_tracking_weight":
                    group = group with { TrackingWeight = values.Flag(statement, map) };
                    break;
                default:
                    values.Unknown(statement, $"vrrp_sync_group {name}", KeepalivedKeywords.UnsupportedSyncGroup);
                    break;
            }
        }
        return group with { Notify = notify };
    }

    /// <summary><c>weight N [reverse]</c> in a vrrp_script, vrrp_track_file or vrrp_track_process.</summary>
    private (int? Weight, bool? Reverse) Weight(KeepalivedNode node, SourceMap map)
    {
        values.Record(node, map);
        if (node.Arguments.Count == 0)
        {
            values.Diagnostics.Error(DiagnosticCodes.MissingValue, node.Location, "weight needs a value");
            return (null, null);
        }
        var value = node.Arguments[0];
        map.Set(KeepalivedValueReader.ValueKey(node.Name), value.Location);
        if (!values.TryInteger(node.Name, value, out var weight))
        {
            return (null, null);
        }
        if (node.Arguments.Count > 1 && node.Arguments[1].Text is "reverse" or "noreverse")
        {
            map.Set("reverse", node.Arguments[1].Location);
            values.WarnExtra(node, allowed: 2);
            return (weight, node.Arguments[1].Text == "reverse");
        }
        values.WarnExtra(node, allowed: 1);
        return (weight, null);
    }

    /// <summary><c>init_file [VALUE] [overwrite]</c>.</summary>
    private TrackFileConfig InitFile(KeepalivedNode node, SourceMap map, TrackFileConfig trackFile)
    {
        values.Record(node, map);
        trackFile = trackFile with { InitFile = true };
        var position = 0;
        var arguments = node.Arguments;
        if (position < arguments.Count && arguments[position].Text != "overwrite")
        {
            map.Set(KeepalivedValueReader.ValueKey(node.Name), arguments[position].Location);
            trackFile = values.TryInteger(node.Name, arguments[position], out var initial)
                ? trackFile with { InitValue = initial }
                : trackFile;
            position++;
        }
        if (position < arguments.Count && arguments[position].Text == "overwrite")
        {
            map.Set("overwrite", arguments[position].Location);
            trackFile = trackFile with { InitOverwrite = true };
            position++;
        }
        values.WarnExtra(node, position);
        return trackFile;
    }

    /// <summary><c>script_user</c> / <c>user</c>: <c>USER [GROUP]</c> or <c>USER:GROUP</c>.</summary>
    public ScriptUser? User(KeepalivedNode node, SourceMap map)
    {
        values.Record(node, map);
        if (node.Arguments.Count == 0)
        {
            values.Diagnostics.Error(DiagnosticCodes.MissingValue, node.Location, $"{node.Name} needs a user name");
            return null;
        }
        map.Set(KeepalivedValueReader.ValueKey(node.Name), node.Arguments[0].Location);
        values.WarnExtra(node, allowed: 2);
        var group = node.Arguments.Count > 1 ? node.Arguments[1].Text : null;
        return KeepalivedValueReader.ParseUser(node.Arguments[0].Text, group);
    }

    /// <summary>
    /// <c>notify_* SCRIPT [USER [GROUP]]</c>. keepalived takes the script from the first argument only, so a
    /// command with arguments must be quoted; what follows is the user to run it as.
    /// </summary>
    private NotifyScript? NotifyScript(KeepalivedNode node, SourceMap map)
    {
        values.Record(node, map);
        if (node.Arguments.Count == 0)
        {
            values.Diagnostics.Error(DiagnosticCodes.MissingValue, node.Location, $"{node.Name} needs a script");
            return null;
        }
        var command = node.Arguments[0];
        map.Set(KeepalivedValueReader.ValueKey(node.Name), command.Location);
        var scriptMap = new SourceMap(node.Location).Set(node.Name, node.Location).Set(KeepalivedValueReader.ValueKey(node.Name), command.Location);
        var script = new NotifyScript(command.Text) { Source = scriptMap };
        if (node.Arguments.Count > 1)
        {
            scriptMap.Set("user", node.Arguments[1].Location);
            var group = node.Arguments.Count > 2 ? node.Arguments[2].Text : null;
            script = script with { User = KeepalivedValueReader.ParseUser(node.Arguments[1].Text, group) };
            values.WarnExtra(node, allowed: 3);
        }
        return script;
    }

    private ValueList<string> Members(KeepalivedNode node, SourceMap map)
    {
        var members = new List<string>();
        foreach (var item in values.Block(node, map))
        {
            // Members may be written one per line or several on a line.
            members.Add(item.Name);
            members.AddRange(item.Arguments.Select(argument => argument.Text));
            map.Set($"group:{item.Name}", item.Location);
            foreach (var argument in item.Arguments)
            {
                map.Set($"group:{argument.Text}", argument.Location);
            }
        }
        return members;
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();
}
