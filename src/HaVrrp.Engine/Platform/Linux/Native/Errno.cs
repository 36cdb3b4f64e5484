namespace HaVrrp.Engine.Platform.Linux.Native;

/// <summary>The errno values the kernel answers with, by name, so logs and tests can say EEXIST.</summary>
public static class Errno
{
    public const int OperationNotPermitted = 1;
    public const int NoSuchFileOrDirectory = 2;
    public const int NoSuchProcess = 3;
    public const int NoBufferSpace = 105;
    public const int FileExists = 17;
    public const int NoSuchDevice = 19;
    public const int InvalidArgument = 22;
    public const int ResultOutOfRange = 34;
    public const int AddressNotAvailable = 99;
    public const int NetworkUnreachable = 101;

    public static string NameOf(int errorNumber) => errorNumber switch
    {
        1 => "EPERM",
        2 => "ENOENT",
        3 => "ESRCH",
        12 => "ENOMEM",
        13 => "EACCES",
        16 => "EBUSY",
        17 => "EEXIST",
        19 => "ENODEV",
        22 => "EINVAL",
        34 => "ERANGE",
        93 => "EPROTONOSUPPORT",
        95 => "EOPNOTSUPP",
        97 => "EAFNOSUPPORT",
        99 => "EADDRNOTAVAIL",
        101 => "ENETUNREACH",
        105 => "ENOBUFS",
        113 => "EHOSTUNREACH",
        _ => $"errno {errorNumber}",
    };
}
