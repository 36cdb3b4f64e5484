using System.Text.RegularExpressions;
using HaVrrp.Engine.Configuration.Syntax;

namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>Reads vrrp_scripts, vrrp_track_files, vrrp_track_processes, vrrp_sync_groups and the pieces instances share with them.</summary>
internal static partial class YamlTrackingReader
{
    public static VrrpScriptConfig? ReadScript(string name, YamlConfigNode node, SourceLocation location, YamlReadContext context)
    {
        var owner = $"vrrp_script {name}";
        var source = new SourceMap(location);
        if (node is ScalarNode { IsNull: false } shorthand)
        {
            // chk_haproxy: "killall -0 haproxy" is the whole check with keepalived's defaults.
            source.Set("script", shorthand.Location).Set("script:value", shorthand.Location);
            return new VrrpScriptConfig { Name = name, Script = shorthand.Value, Source = source };
        }
        if (!HasSettings(node, owner, context))
        {
            return null;
        }

        var script = new VrrpScriptConfig { Name = name, Script = string.Empty, Source = source };
        context.ReadMapping(node, owner, source, new Dictionary<string, Action<YamlConfigNode>>
        {
            ["script"] = value => script = context.Text(value, "script") is { } text ? script with { Script = text } : script,
            ["interval"] = value => script = context.Duration(value, "interval") is { } interval ? script with { Interval = interval } : script,
            ["timeout"] = value => script = context.Duration(value, "timeout") is { } timeout ? script with { Timeout = timeout } : script,
            ["weight"] = value => script = context.Integer(value, "weight") is { } weight ? script with { Weight = weight } : script,
            ["reverse"] = value => script = context.Boolean(value, "reverse") is { } reverse ? script with { WeightReverse = reverse } : script,
            ["rise"] = value => script = context.Integer(value, "rise") is { } rise ? script with { Rise = rise } : script,
            ["fall"] = value => script = context.Integer(value, "fall") is { } fall ? script with { Fall = fall } : script,
            ["user"] = value => script = ReadScriptUser(value, "user", context) is { } user ? script with { User = user } : script,
            ["init_fail"] = value => script = context.Boolean(value, "init_fail") is { } initFail ? script with { InitFail = initFail } : script,
        });
        return HasRequiredKey(source, "script", owner, location, context) ? script : null;
    }

    public static TrackFileConfig? ReadTrackFile(string name, YamlConfigNode node, SourceLocation location, YamlReadContext context)
    {
        var owner = $"vrrp_track_file {name}";
        if (!HasSettings(node, owner, context))
        {
            return null;
        }

        var source = new SourceMap(location);
        var trackFile = new TrackFileConfig { Name = name, File = string.Empty, Source = source };
        context.ReadMapping(node, owner, source, new Dictionary<string, Action<YamlConfigNode>>
        {
            ["file"] = value => trackFile = context.Text(value, "file") is { } file ? trackFile with { File = file } : trackFile,
            ["weight"] = value => trackFile = context.Integer(value, "weight") is { } weight ? trackFile with { Weight = weight } : trackFile,
            ["reverse"] = value => trackFile = context.Boolean(value, "reverse") is { } reverse ? trackFile with { WeightReverse = reverse } : trackFile,
            ["init_file"] = value => trackFile = context.Boolean(value, "init_file") is { } initFile ? trackFile with { InitFile = initFile } : trackFile,
            ["init_value"] = value => trackFile = context.Integer(value, "init_value") is { } initValue ? trackFile with { InitValue = initValue } : trackFile,
            ["init_overwrite"] = value => trackFile = context.Boolean(value, "init_overwrite") is { } overwrite ? trackFile with { InitOverwrite = overwrite } : trackFile,
        });
        return HasRequiredKey(source, "file", owner, location, context) ? trackFile : null;
    }

    /// <summary>
    /// A <c>vrrp_track_process</c>: <c>process</c>, optional <c>parameters</c> (a list), <c>param_match</c>
    /// (exact, partial, initial), <c>full_command</c>, <c>weight</c>, <c>reverse</c>, <c>quorum</c>, <c>quorum_max</c>,
    /// <c>delay</c>, <c>terminate_delay</c>, <c>fork_delay</c>. As in keepalived.conf, parameters imply exact matching
    /// and a param_match implies the full command.
    /// </summary>
    public static TrackProcessConfig? ReadTrackProcess(string name, YamlConfigNode node, SourceLocation location, YamlReadContext context)
    {
        var owner = $"vrrp_track_process {name}";
        if (!HasSettings(node, owner, context))
        {
            return null;
        }

        var source = new SourceMap(location);
        var process = new TrackProcessConfig { Name = name, Process = string.Empty, Source = source };
        context.ReadMapping(node, owner, source, new Dictionary<string, Action<YamlConfigNode>>
        {
            ["process"] = value => process = context.Text(value, "process") is { } text ? process with { Process = text } : process,
            ["parameters"] = value => process = process with { Parameters = ReadNames(value, "parameters", context) },
            ["param_match"] = value => process = context.Parse(value, "param_match", "exact, partial or initial", ParseParameterMatch) is { } match
                ? process with { ParameterMatch = match }
                : process,
            ["full_command"] = value => process = context.Boolean(value, "full_command") is { } full ? process with { FullCommand = full } : process,
            ["weight"] = value => process = context.Integer(value, "weight") is { } weight ? process with { Weight = weight } : process,
            ["reverse"] = value => process = context.Boolean(value, "reverse") is { } reverse ? process with { WeightReverse = reverse } : process,
            ["quorum"] = value => process = context.Integer(value, "quorum") is { } quorum ? process with { Quorum = quorum } : process,
            ["quorum_max"] = value => process = context.Integer(value, "quorum_max") is { } max ? process with { QuorumMax = max } : process,
            ["delay"] = value => process = context.Duration(value, "delay") is { } delay ? process with { TerminateDelay = delay, ForkDelay = delay } : process,
            ["terminate_delay"] = value => process = context.Duration(value, "terminate_delay") is { } delay ? process with { TerminateDelay = delay } : process,
            ["fork_delay"] = value => process = context.Duration(value, "fork_delay") is { } delay ? process with { ForkDelay = delay } : process,
        });
        if (!HasRequiredKey(source, "process", owner, location, context))
        {
            return null;
        }
        if (process.Parameters.Count > 0 && process.ParameterMatch == ProcessParameterMatch.None)
        {
            process = process with { ParameterMatch = ProcessParameterMatch.Exact };
        }
        if (process.QuorumMax == 0 && !source.Has("quorum"))
        {
            process = process with { Quorum = 0 };
        }
        return process.ReadsCommandLineImplicitly() ? process with { FullCommand = true } : process;
    }

    private static ProcessParameterMatch? ParseParameterMatch(string text) => text switch
    {
        "exact" => ProcessParameterMatch.Exact,
        "partial" => ProcessParameterMatch.Partial,
        "initial" => ProcessParameterMatch.Initial,
        _ => null,
    };

    public static SyncGroupConfig? ReadSyncGroup(string name, YamlConfigNode node, SourceLocation location, YamlReadContext context)
    {
        var owner = $"vrrp_sync_group {name}";
        if (!HasSettings(node, owner, context))
        {
            return null;
        }

        var source = new SourceMap(location);
        var group = new SyncGroupConfig { Name = name, Source = source };
        var handlers = new Dictionary<string, Action<YamlConfigNode>>
        {
            ["group"] = value => group = group with { Members = ReadNames(value, "group", context) },
            ["track_script"] = value => group = group with { TrackScripts = ReadTrackReferences(value, "track_script", context) },
            ["track_interface"] = value => group = group with { TrackInterfaces = ReadTrackReferences(value, "track_interface", context) },
            ["track_file"] = value => group = group with { TrackFiles = ReadTrackReferences(value, "track_file", context) },
            ["track_process"] = value => group = group with { TrackProcesses = ReadTrackReferences(value, "track_process", context) },
            ["smtp_alert"] = value => group = context.Boolean(value, "smtp_alert") is { } alert ? group with { SmtpAlert = alert } : group,
            ["sync_group_tracking_weight"] = value =>
                group = context.Boolean(value, "sync_group_tracking_weight") is { } weight ? group with { TrackingWeight = weight } : group,
        };
        foreach (var (keyword, _, apply) in NotifyKeywords.All)
        {
            handlers[keyword] = value =>
                group = ReadNotifyScript(value, keyword, context) is { } script ? group with { Notify = apply(group.Notify, script) } : group;
        }
        context.ReadMapping(node, owner, source, handlers);
        return group;
    }

    /// <summary>Items are a name, keepalived's one-line <c>"chk_nginx weight -20 reverse"</c>, or <c>{ name, weight, reverse }</c>.</summary>
    public static ValueList<TrackReference> ReadTrackReferences(YamlConfigNode node, string keyword, YamlReadContext context) =>
        context.Items(node, keyword).Select(item => ReadTrackReference(item, keyword, context)).OfType<TrackReference>().ToValueList();

    public static ValueList<string> ReadNames(YamlConfigNode node, string keyword, YamlReadContext context) =>
        context.Items(node, keyword).Select(item => context.Text(item, keyword)).OfType<string>().ToValueList();

    /// <summary>A command, or <c>{ script: "...", user: "root" }</c> when it runs as another user.</summary>
    public static NotifyScript? ReadNotifyScript(YamlConfigNode node, string keyword, YamlReadContext context)
    {
        if (node is not MappingNode mapping)
        {
            return context.Scalar(node, keyword) is { } command
                ? new NotifyScript(command.Value) { Source = new SourceMap(command.Location) }
                : null;
        }

        var source = new SourceMap(mapping.Location);
        string? commandText = null;
        ScriptUser? user = null;
        context.ReadMapping(mapping, keyword, source, new Dictionary<string, Action<YamlConfigNode>>
        {
            ["script"] = value => commandText = context.Text(value, "script") ?? commandText,
            ["user"] = value => user = ReadScriptUser(value, "user", context) ?? user,
        });
        if (commandText is null)
        {
            if (!source.Has("script"))
            {
                context.Diagnostics.Error(DiagnosticCodes.MissingValue, mapping.Location, $"{keyword} has no script");
            }
            return null;
        }
        return new NotifyScript(commandText) { User = user, Source = source };
    }

    /// <summary><c>user</c>, <c>"user group"</c> or <c>user:group</c>, as keepalived writes them.</summary>
    public static ScriptUser? ReadScriptUser(YamlConfigNode node, string keyword, YamlReadContext context) =>
        context.ParseObject(node, keyword, "a user name, optionally followed by a group", ParseScriptUser);

    internal static ScriptUser? ParseScriptUser(string text)
    {
        var parts = UserSeparator().Split(text.Trim());
        return parts switch
        {
            [var user] when user.Length > 0 => new ScriptUser(user),
            [var user, var group] when user.Length > 0 && group.Length > 0 => new ScriptUser(user, group),
            _ => null,
        };
    }

    private static TrackReference? ReadTrackReference(YamlConfigNode node, string keyword, YamlReadContext context)
    {
        if (node is MappingNode mapping)
        {
            var source = new SourceMap(mapping.Location);
            TrackReference? reference = null;
            int? weight = null;
            bool? reverse = null;
            context.ReadMapping(mapping, $"{keyword} entry", source, new Dictionary<string, Action<YamlConfigNode>>
            {
                ["name"] = value => reference = context.Text(value, "name") is { } name ? new TrackReference(name) : reference,
                ["weight"] = value => weight = context.Integer(value, "weight") ?? weight,
                ["reverse"] = value => reverse = context.Boolean(value, "reverse") ?? reverse,
            });
            if (reference is null && !source.Has("name"))
            {
                context.Diagnostics.Error(DiagnosticCodes.MissingValue, mapping.Location, $"{keyword} entry has no name");
            }
            return reference is null ? null : reference with { Weight = weight, Reverse = reverse, Source = source };
        }

        if (context.Scalar(node, keyword) is not { } scalar)
        {
            return null;
        }
        var words = YamlAddressReader.Words(scalar);
        if (words.Count == 0)
        {
            context.Diagnostics.Error(DiagnosticCodes.MissingValue, scalar.Location, $"{keyword} entry has no name");
            return null;
        }

        var lineSource = new SourceMap(scalar.Location).Set("name", words[0].Location);
        var result = new TrackReference(words[0].Text) { Source = lineSource };
        var options = new OptionReader(words, 1, keyword, lineSource, context);
        while (options.Next() is { } option)
        {
            switch (option.Text)
            {
                case "weight":
                    result = options.Integer(option) is { } weight ? result with { Weight = weight } : result;
                    break;
                case "reverse" or "noreverse":
                    options.Flag(option);
                    result = result with { Reverse = option.Text == "reverse" };
                    break;
                default:
                    options.Unknown(option, "weight, reverse or noreverse");
                    break;
            }
        }
        return result;
    }

    /// <summary>A vrrp_script without its script, or a vrrp_track_file without its file, has nothing to watch: reported, not kept.</summary>
    private static bool HasRequiredKey(SourceMap source, string keyword, string owner, SourceLocation location, YamlReadContext context)
    {
        if (source.Has(keyword))
        {
            return true;
        }
        context.Diagnostics.Error(DiagnosticCodes.MissingValue, location, $"{owner} has no {keyword}");
        return false;
    }

    /// <summary>A named block with nothing under it is reported rather than silently given defaults.</summary>
    internal static bool HasSettings(YamlConfigNode node, string owner, YamlReadContext context)
    {
        if (node is ScalarNode { IsNull: true })
        {
            context.Diagnostics.Error(DiagnosticCodes.MissingValue, node.Location, $"{owner} has no settings");
            return false;
        }
        return context.ExpectMapping(node, owner) is not null;
    }

    [GeneratedRegex(@"\s+|:", RegexOptions.CultureInvariant)]
    private static partial Regex UserSeparator();
}
