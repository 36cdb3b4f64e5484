using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Platform.Linux.Native;

namespace HaVrrp.Engine.Platform.Linux.Scripts;

/// <summary>The real file system behind <see cref="ScriptSecurity"/>: realpath(3) and statx(2).</summary>
public sealed class UnixScriptFileSystem : IScriptFileSystem
{
    public string? RealPath(string path) => LibC.ResolveRealPath(path);

    public FileFacts Stat(string path)
    {
        if (LibC.StatOwner(path) is not { } stat)
        {
            return FileFacts.Missing;
        }
        const int TypeMask = 0xF000;
        var kind = (stat.Mode & TypeMask) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            _ => FileKind.Other,
        };
        return new FileFacts(kind, stat.Uid, stat.Gid, (UnixFileMode)(stat.Mode & 0xFFF));
    }
}
