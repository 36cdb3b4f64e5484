using System.Net.NetworkInformation;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>
/// The macvlans of <c>use_vmac</c> through the project's rtnetlink code (<see cref="LinkManager"/>). The kernel's
/// refusals come out as <see cref="IOException"/>, as the port promises, so the core need not know netlink.
/// </summary>
public sealed class LinuxVirtualMacLinks : IVirtualMacLinks, IDisposable
{
    private readonly NetlinkSocket _socket = NetlinkSocket.Open();
    private readonly LinkManager _links;

    public LinuxVirtualMacLinks() => _links = new LinkManager(_socket);

    public void Prepare(string name, string parentName, PhysicalAddress address) =>
        KernelCall(() => PrepareMacvlan(name, parentName, address));

    public void SetUp(string name) => KernelCall(() => _links.SetUp(_links.GetIndex(name)));

    public bool Remove(string name) =>
        KernelCall(() => _links.Find(name) is { Kind: VirtualMacConfig.LinkKind } link && _links.Delete(link.Index));

    public bool IsOperational(string name) => KernelCall(() => _links.Find(name)?.IsOperational ?? false);

    public void Dispose() => _socket.Dispose();

    private void PrepareMacvlan(string name, string parentName, PhysicalAddress address)
    {
        var parent = _links.Find(parentName) ?? throw new IOException($"No network interface named '{parentName}' in this network namespace.");
        var existing = _links.Find(name);
        if (existing is not null && existing.Kind != VirtualMacConfig.LinkKind)
        {
            throw new VirtualMacConflictException($"interface {name} already exists and is not a macvlan");
        }
        if (existing is not null && existing.ParentIndex != parent.Index)
        {
            // keepalived recreates a macvlan of its name that sits on another link.
            _links.Delete(existing.Index);
            existing = null;
        }
        int index;
        if (existing is null)
        {
            _links.CreateMacvlan(name, parent.Index, address, MacvlanMode.Private);
            index = _links.GetIndex(name);
        }
        else
        {
            index = existing.Index;
            if (!existing.MacAddress.Equals(address) || existing.MacvlanMode != MacvlanMode.Private)
            {
                _links.ChangeMacvlan(index, address, MacvlanMode.Private);
            }
        }
        _links.DisableIPv6AddressGeneration(index);
    }

    private static void KernelCall(Action call) => KernelCall(() =>
    {
        call();
        return true;
    });

    private static T KernelCall<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (NetlinkException exception)
        {
            throw new IOException(exception.Message, exception);
        }
    }
}
