using System.Net.NetworkInformation;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// The macvlans of <c>use_vmac</c> (rtnetlink on Linux). Calls come from the engine loop only; a failure throws an
/// <see cref="IOException"/> (or <see cref="VirtualMacConflictException"/>) and the engine logs it.
/// </summary>
public interface IVirtualMacLinks
{
    /// <summary>
    /// Makes <paramref name="name"/> a private-mode macvlan of <paramref name="parentName"/> carrying
    /// <paramref name="address"/>, left down and without an automatic IPv6 link-local address, so that its settings
    /// are in place before <see cref="SetUp"/>. A macvlan a previous run left is taken over (changed, or recreated
    /// when it sits on another link); a link of that name that is not a macvlan is never touched
    /// (<see cref="VirtualMacConflictException"/>).
    /// </summary>
    void Prepare(string name, string parentName, PhysicalAddress address);

    void SetUp(string name);

    /// <summary>Removes the macvlan; false when there is none of that name. Any other kind of link is left alone.</summary>
    bool Remove(string name);

    /// <summary>Whether the link is up and running now (IFF_UP and IFF_RUNNING).</summary>
    bool IsOperational(string name);
}

/// <summary>A link of the macvlan's name exists and is something else.</summary>
public sealed class VirtualMacConflictException : Exception
{
    public VirtualMacConflictException()
    {
    }

    public VirtualMacConflictException(string message)
        : base(message)
    {
    }

    public VirtualMacConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>For hosts and tests without macvlans: nothing is created, and every link counts as up.</summary>
public sealed class NoVirtualMacLinks : IVirtualMacLinks
{
    public static NoVirtualMacLinks Instance { get; } = new();

    public void Prepare(string name, string parentName, PhysicalAddress address)
    {
    }

    public void SetUp(string name)
    {
    }

    public bool Remove(string name) => false;

    public bool IsOperational(string name) => true;
}
