using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Platform.Linux.Scripts;

namespace HaVrrp.Engine.Tests.Linux;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnixScriptFileSystemTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("havrrp-security-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Stat_ReadsKindOwnerAndMode()
    {
        var path = Path.Combine(_directory, "check.sh");
        File.WriteAllText(path, "#!/bin/sh\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);

        var facts = new UnixScriptFileSystem().Stat(path);

        Assert.Equal(FileKind.Regular, facts.Kind);
        Assert.Equal((UnixFileMode)0b111_101_101, facts.Mode);
        Assert.Equal(FileKind.Directory, new UnixScriptFileSystem().Stat(_directory).Kind);
        Assert.Equal(FileFacts.Missing, new UnixScriptFileSystem().Stat(path + ".missing"));
    }

    [Fact]
    public void WorldWritableScript_IsRefusedOnTheRealFileSystem()
    {
        var path = Path.Combine(_directory, "check.sh");
        File.WriteAllText(path, "#!/bin/sh\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);

        var refusals = ScriptSecurity.Check(path, 0, 0, new UnixScriptFileSystem());

        Assert.Contains(refusals, r => r.Path == path && r.Reason.Contains("writable by everyone", StringComparison.Ordinal));
    }

    [Fact]
    public void RealPath_ResolvesSymbolicLinks()
    {
        var target = Path.Combine(_directory, "target.sh");
        File.WriteAllText(target, "#!/bin/sh\n");
        var link = Path.Combine(_directory, "link.sh");
        File.CreateSymbolicLink(link, target);

        Assert.Equal(new UnixScriptFileSystem().RealPath(target), new UnixScriptFileSystem().RealPath(link));
    }
}
