using System.Runtime.InteropServices;

namespace HaVrrp.Engine.Platform.Linux;

/// <summary>
/// The kernel refused a netlink request. The message names the operation and its arguments, the
/// errno in words and by name, and the kernel's own explanation when it gave one (extended ack),
/// e.g. <c>RTM_NEWADDR 10.0.0.1/24 dev eth0: File exists (EEXIST)</c>.
/// </summary>
public sealed class NetlinkException : Exception
{
    public NetlinkException()
    {
        Operation = string.Empty;
    }

    public NetlinkException(string message)
        : base(message)
    {
        Operation = string.Empty;
    }

    public NetlinkException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = string.Empty;
    }

    public NetlinkException(string operation, int errorNumber, string? kernelMessage)
        : base(Describe(operation, errorNumber, kernelMessage))
    {
        Operation = operation;
        ErrorNumber = errorNumber;
        KernelMessage = kernelMessage;
    }

    /// <summary>What was asked, e.g. <c>RTM_DELROUTE 10.0.0.0/24 table 254</c>.</summary>
    public string Operation { get; }

    /// <summary>The positive errno value (17 for EEXIST).</summary>
    public int ErrorNumber { get; }

    public string ErrorName => Errno.NameOf(ErrorNumber);

    /// <summary>NLMSGERR_ATTR_MSG: the kernel's sentence about what it rejected, if any.</summary>
    public string? KernelMessage { get; }

    private static string Describe(string operation, int errorNumber, string? kernelMessage)
    {
        var text = $"{operation}: {Marshal.GetPInvokeErrorMessage(errorNumber)} ({Errno.NameOf(errorNumber)})";
        return string.IsNullOrEmpty(kernelMessage) ? text : $"{text}: {kernelMessage}";
    }
}

/// <summary>The errno values rtnetlink answers with, by name, so logs and tests can say EEXIST.</summary>
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
