namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>The real file-system probe behind <see cref="ValidationEnvironment.ProbeScript"/>.</summary>
internal static class ScriptProbe
{
    /// <summary>What execvp searches when PATH is not set; keepalived runs scripts from a daemon that may have none.</summary>
    private const string DefaultSearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private const UnixFileMode AnyExecute =
        UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>
    /// Finds <paramref name="program"/> as keepalived would: a name with a slash is a path, a bare name
    /// is looked up on PATH and the first executable match wins.
    /// </summary>
    public static ScriptFileStatus Probe(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return ProbePath(program);
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(searchPath))
        {
            searchPath = DefaultSearchPath;
        }

        ScriptFileStatus? firstNotExecutable = null;
        foreach (var directory in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var status = ProbePath(Path.Combine(directory, program));
            if (status.State == ScriptFileState.Executable)
            {
                return status;
            }
            if (status.State == ScriptFileState.NotExecutable)
            {
                firstNotExecutable ??= status;
            }
        }

        return firstNotExecutable ?? ScriptFileStatus.NotFound(program, $"not found on PATH {searchPath}");
    }

    private static ScriptFileStatus ProbePath(string path)
    {
        if (Directory.Exists(path))
        {
            return ScriptFileStatus.NotExecutable(path, "it is a directory");
        }
        if (!File.Exists(path))
        {
            return ScriptFileStatus.NotFound(path, "no such file");
        }
        if (OperatingSystem.IsWindows())
        {
            return ScriptFileStatus.Executable(path);
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & AnyExecute) != 0
            ? ScriptFileStatus.Executable(path)
            : ScriptFileStatus.NotExecutable(path, $"no execute permission, mode {Convert.ToString((int)mode, 8)}");
    }
}
