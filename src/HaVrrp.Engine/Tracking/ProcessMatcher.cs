using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tracking;

/// <summary>
/// Whether a running process is one a <c>vrrp_track_process</c> counts, by keepalived's rules: without
/// <c>full_command</c> the name is compared with the kernel's process name (<c>comm</c>, at most 15 characters);
/// with it, with the whole first word of the command line (argv[0] as the process wrote it, path included). The
/// parameters are then compared with the rest of the command line as <see cref="ProcessParameterMatch"/> says.
/// </summary>
public static class ProcessMatcher
{
    /// <param name="config">The vrrp_track_process block.</param>
    /// <param name="comm">The process name from /proc/PID/stat.</param>
    /// <param name="commandLine">The arguments from /proc/PID/cmdline; read only when the block needs them.</param>
    public static bool Matches(TrackProcessConfig config, string comm, IReadOnlyList<string>? commandLine)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.ReadsCommandLine)
        {
            return string.Equals(comm, config.Process, StringComparison.Ordinal);
        }
        if (commandLine is not { Count: > 0 } || !string.Equals(commandLine[0], config.Process, StringComparison.Ordinal))
        {
            return false;
        }
        return ParametersMatch(config.ParameterMatch, config.Parameters, commandLine.Skip(1).ToArray());
    }

    /// <summary>
    /// <c>exact</c>: the arguments are the parameters. <c>partial</c>: they start with all of them. <c>initial</c>: as
    /// partial, but the last parameter need only be the beginning of its argument. No param_match: anything goes.
    /// </summary>
    public static bool ParametersMatch(ProcessParameterMatch match, IReadOnlyList<string> parameters, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(arguments);
        switch (match)
        {
            case ProcessParameterMatch.None:
                return true;
            case ProcessParameterMatch.Exact:
                return arguments.Count == parameters.Count && StartWith(arguments, parameters, parameters.Count);
            default:
                if (arguments.Count < parameters.Count)
                {
                    return false;
                }
                if (match == ProcessParameterMatch.Partial || parameters.Count == 0)
                {
                    return StartWith(arguments, parameters, parameters.Count);
                }
                var last = parameters.Count - 1;
                return StartWith(arguments, parameters, last) &&
                    arguments[last].StartsWith(parameters[last], StringComparison.Ordinal);
        }
    }

    private static bool StartWith(IReadOnlyList<string> arguments, IReadOnlyList<string> parameters, int count)
    {
        for (var index = 0; index < count; index++)
        {
            if (!string.Equals(arguments[index], parameters[index], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
