using HaVrrp.Engine.Configuration.Validation;

namespace HaVrrp.Engine.Tests.Tracking;

public class ScriptSecurityTests
{
    private const UnixFileMode Directory755 = (UnixFileMode)0b111_101_101;
    private const UnixFileMode File755 = (UnixFileMode)0b111_101_101;

    /// <summary>A file system from a table: /etc/keepalived/check.sh, root-owned and safe, unless a test bends it.</summary>
    private sealed class TableFileSystem : IScriptFileSystem
    {
        public Dictionary<string, FileFacts> Entries { get; } = new(StringComparer.Ordinal)
        {
            ["/"] = new(FileKind.Directory, 0, 0, Directory755),
            ["/etc"] = new(FileKind.Directory, 0, 0, Directory755),
            ["/etc/keepalived"] = new(FileKind.Directory, 0, 0, Directory755),
            ["/etc/keepalived/check.sh"] = new(FileKind.Regular, 0, 0, File755),
        };

        public Dictionary<string, string> Links { get; } = new(StringComparer.Ordinal);

        public string? RealPath(string path) =>
            Links.TryGetValue(path, out var target) ? target : Entries.ContainsKey(path) ? path : null;

        public FileFacts Stat(string path) => Entries.GetValueOrDefault(path) ?? FileFacts.Missing;
    }

    [Fact]
    public void RootOwnedScriptInRootOwnedDirectories_MayRunAsRoot()
    {
        Assert.Empty(ScriptSecurity.Check("/etc/keepalived/check.sh", 0, 0, new TableFileSystem()));
    }

    [Fact]
    public void ScriptOwnedByAUser_IsRefusedWithPathAndReason()
    {
        var fileSystem = new TableFileSystem();
        fileSystem.Entries["/etc/keepalived/check.sh"] = new(FileKind.Regular, 1000, 1000, File755);

        var refusal = Assert.Single(ScriptSecurity.Check("/etc/keepalived/check.sh", 0, 0, fileSystem));

        Assert.Equal("/etc/keepalived/check.sh: file is owned by uid 1000, not root", refusal.ToString());
    }

    [Fact]
    public void DirectoryWritableByANonRootGroup_IsRefused()
    {
        var fileSystem = new TableFileSystem();
        fileSystem.Entries["/etc/keepalived"] = new(FileKind.Directory, 0, 50, Directory755 | UnixFileMode.GroupWrite);

        var refusal = Assert.Single(ScriptSecurity.Check("/etc/keepalived/check.sh", 0, 0, fileSystem));

        Assert.Equal("/etc/keepalived: directory is writable by group gid 50 (mode 0775)", refusal.ToString());
    }

    [Fact]
    public void GroupWritableByRootsGroup_IsAllowed()
    {
        var fileSystem = new TableFileSystem();
        fileSystem.Entries["/etc/keepalived"] = new(FileKind.Directory, 0, 0, Directory755 | UnixFileMode.GroupWrite);

        Assert.Empty(ScriptSecurity.Check("/etc/keepalived/check.sh", 0, 0, fileSystem));
    }

    [Fact]
    public void WorldWritableFile_IsRefused()
    {
        var fileSystem = new TableFileSystem();
        fileSystem.Entries["/etc/keepalived/check.sh"] = new(FileKind.Regular, 0, 0, File755 | UnixFileMode.OtherWrite);

        var refusal = Assert.Single(ScriptSecurity.Check("/etc/keepalived/check.sh", 0, 0, fileSystem));

        Assert.Contains("writable by everyone", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RootOwnedStickyDirectory_IsAllowedLikeTmp()
    {
        var fileSystem = new TableFileSystem();
        fileSystem.Entries["/etc/keepalived"] = new(FileKind.Directory, 0, 0, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);

        Assert.Empty(ScriptSecurity.Check("/etc/keepalived/check.sh", 0, 0, fileSystem));
    }

    [Fact]
    public void ScriptRunAsAnotherUser_NeedsNoProtection()
    {
        var fileSystem = new TableFileSystem();
        fileSystem.Entries["/etc/keepalived/check.sh"] = new(FileKind.Regular, 1000, 1000, File755 | UnixFileMode.OtherWrite);

        Assert.Empty(ScriptSecurity.Check("/etc/keepalived/check.sh", 1000, 1000, fileSystem));
    }

    [Fact]
    public void SymbolicLink_IsJudgedByWhereItLeads()
    {
        var fileSystem = new TableFileSystem();
        fileSystem.Links["/usr/local/bin/check"] = "/home/alice/check.sh";
        fileSystem.Entries["/home"] = new(FileKind.Directory, 0, 0, Directory755);
        fileSystem.Entries["/home/alice"] = new(FileKind.Directory, 1000, 1000, Directory755);
        fileSystem.Entries["/home/alice/check.sh"] = new(FileKind.Regular, 0, 0, File755);

        var refusal = Assert.Single(ScriptSecurity.Check("/usr/local/bin/check", 0, 0, fileSystem));

        Assert.Equal("/home/alice", refusal.Path);
    }

    [Fact]
    public void MissingScript_IsRefused()
    {
        var refusal = Assert.Single(ScriptSecurity.Check("/etc/keepalived/nope.sh", 0, 0, new TableFileSystem()));

        Assert.Equal("/etc/keepalived/nope.sh", refusal.Path);
    }
}
