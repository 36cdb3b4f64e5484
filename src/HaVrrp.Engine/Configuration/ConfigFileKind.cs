using HaVrrp.Engine.Platform.Linux.Native;


namespace HaVrrp.Engine.Configuration;

/// <summary>What a path names, as far as reading a configuration is concerned.</summary>
internal enum ConfigFileKind
{
    Missing,
    RegularFile,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
}

/// <summary>
/// Tells a regular file from the things that must never be opened as a configuration: opening a FIFO blocks
/// until someone writes to it, and a device such as /dev/zero never ends. .NET does not expose the file type,
/// so on Linux it is read with statx; elsewhere only files and directories can be told apart.
/// </summary>
internal static class ConfigFileKinds
{
    public static ConfigFileKind Of(string path)
    {
        if (OperatingSystem.IsLinux() && LibC.FileTypeBits(path) is { } type)
        {
            return type switch
            {
                0x8000 => ConfigFileKind.RegularFile,
                0x4000 => ConfigFileKind.Directory,
                0x1000 => ConfigFileKind.Fifo,
                0x2000 => ConfigFileKind.CharacterDevice,
                0x6000 => ConfigFileKind.BlockDevice,
                _ => ConfigFileKind.Socket,
            };
        }
        // statx failed (no such file, or no permission on a directory on the way): the open reports why.
        return Directory.Exists(path) ? ConfigFileKind.Directory
            : File.Exists(path) ? ConfigFileKind.RegularFile
            : ConfigFileKind.Missing;
    }

    public static string Describe(ConfigFileKind kind) => kind switch
    {
        ConfigFileKind.Fifo => "a FIFO (named pipe)",
        ConfigFileKind.CharacterDevice => "a character device",
        ConfigFileKind.BlockDevice => "a block device",
        ConfigFileKind.Socket => "a socket",
        ConfigFileKind.Directory => "a directory",
        _ => "not a regular file",
    };
}
