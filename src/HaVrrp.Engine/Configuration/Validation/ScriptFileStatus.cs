namespace HaVrrp.Engine.Configuration.Validation;

public enum ScriptFileState
{
    Executable,
    NotFound,
    NotExecutable,
}

/// <summary>
/// What probing a script's program found: the path that was looked at (after the PATH search)
/// and, when it cannot run, why, in words an operator can act on.
/// </summary>
public sealed record ScriptFileStatus(ScriptFileState State, string Path, string Reason)
{
    public static ScriptFileStatus Executable(string path) => new(ScriptFileState.Executable, path, string.Empty);

    public static ScriptFileStatus NotFound(string path, string reason) => new(ScriptFileState.NotFound, path, reason);

    public static ScriptFileStatus NotExecutable(string path, string reason) =>
        new(ScriptFileState.NotExecutable, path, reason);
}
