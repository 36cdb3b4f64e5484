using System.Runtime.InteropServices;
using HaVrrp.Engine.Platform.Linux.Native;

namespace HaVrrp.Engine.Platform.Linux.Netlink;

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
