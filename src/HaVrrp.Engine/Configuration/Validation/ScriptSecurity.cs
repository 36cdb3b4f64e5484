namespace HaVrrp.Engine.Configuration.Validation;

public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Other,
}

/// <summary>What <c>stat</c> says about one path: enough to judge who can write it.</summary>
public sealed record FileFacts(FileKind Kind, int OwnerUid, int OwnerGid, UnixFileMode Mode)
{
    public static FileFacts Missing { get; } = new(FileKind.Missing, -1, -1, UnixFileMode.None);
}

/// <summary>The file-system questions <see cref="ScriptSecurity"/> asks; tests answer them from a table.</summary>
public interface IScriptFileSystem
{
    /// <summary>The path with every symbolic link, <c>.</c> and <c>..</c> resolved; null when it cannot be.</summary>
    string? RealPath(string path);

    /// <summary>stat(2) of <paramref name="path"/>, following links.</summary>
    FileFacts Stat(string path);
}

/// <summary>One reason a script is refused: the path that is unsafe and why.</summary>
public sealed record ScriptSecurityRefusal(string Path, string Reason)
{
    public override string ToString() => $"{Path}: {Reason}";
}

/// <summary>
/// keepalived's <c>enable_script_security</c> check (notify.c, check_script_secure): a script that runs
/// as root (or is set-uid/set-gid root) is refused when any part of its real path, from <c>/</c> down to
/// the file, could be changed by someone other than root: owned by a non-root user; or, for the file
/// and for directories without the sticky bit, writable by a non-root group or by everyone. A sticky
/// directory such as /tmp is allowed as long as root owns it.
/// </summary>
public static class ScriptSecurity
{
    private const int Root = 0;

    /// <summary>
    /// The refusals for running <paramref name="program"/> (an absolute path, after any PATH search)
    /// as <paramref name="runAsUid"/>:<paramref name="runAsGid"/>; empty when it may run.
    /// </summary>
    public static IReadOnlyList<ScriptSecurityRefusal> Check(string program, int runAsUid, int runAsGid, IScriptFileSystem fileSystem)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(fileSystem);
        var realPath = fileSystem.RealPath(program);
        if (realPath is null)
        {
            return [new ScriptSecurityRefusal(program, "cannot be resolved (missing, or a link to nowhere)")];
        }

        var file = fileSystem.Stat(realPath);
        if (file.Kind != FileKind.Regular)
        {
            return [new ScriptSecurityRefusal(realPath, file.Kind == FileKind.Missing ? "does not exist" : "is not a regular file")];
        }
        if (!NeedsProtection(file, runAsUid, runAsGid))
        {
            return [];
        }

        var refusals = new List<ScriptSecurityRefusal>();
        foreach (var path in PathAndAncestors(realPath))
        {
            var facts = path == realPath ? file : fileSystem.Stat(path);
            if (Unsafe(facts) is { } reason)
            {
                refusals.Add(new ScriptSecurityRefusal(path, reason));
            }
        }
        return refusals;
    }

    /// <summary>Only what runs with root's rights needs protecting: run as root, or set-uid/gid root.</summary>
    private static bool NeedsProtection(FileFacts file, int runAsUid, int runAsGid) =>
        runAsUid == Root ||
        runAsGid == Root ||
        (file.Mode.HasFlag(UnixFileMode.SetUser) && file.OwnerUid == Root) ||
        (file.Mode.HasFlag(UnixFileMode.SetGroup) && file.OwnerGid == Root);

    private static string? Unsafe(FileFacts facts)
    {
        var what = facts.Kind == FileKind.Directory ? "directory" : "file";
        if (facts.Kind == FileKind.Missing)
        {
            return "does not exist";
        }
        if (facts.OwnerUid != Root)
        {
            return $"{what} is owned by uid {facts.OwnerUid}, not root";
        }

        var sticky = facts.Kind == FileKind.Directory && facts.Mode.HasFlag(UnixFileMode.StickyBit);
        if (sticky)
        {
            return null;
        }
        if (facts.Mode.HasFlag(UnixFileMode.OtherWrite))
        {
            return $"{what} is writable by everyone (mode {Octal(facts.Mode)})";
        }
        if (facts.Mode.HasFlag(UnixFileMode.GroupWrite) && facts.OwnerGid != Root)
        {
            return $"{what} is writable by group gid {facts.OwnerGid} (mode {Octal(facts.Mode)})";
        }
        return null;
    }

    /// <summary>"/", "/etc", "/etc/keepalived", "/etc/keepalived/check.sh" for the last.</summary>
    private static IEnumerable<string> PathAndAncestors(string realPath)
    {
        yield return "/";
        var end = 0;
        while ((end = realPath.IndexOf('/', end + 1)) > 0)
        {
            yield return realPath[..end];
        }
        if (realPath.Length > 1)
        {
            yield return realPath;
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
