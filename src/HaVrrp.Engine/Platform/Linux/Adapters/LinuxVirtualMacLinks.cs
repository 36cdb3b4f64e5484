using System.Net.NetworkInformation;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>The macvlans of <c>use_vmac</c> through the project's rtnetlink code (<see cref="LinkManager"/>).</summary>
public sealed class LinuxVirtualMacLinks : IVirtualMacLinks, IDisposable
{
    private readonly NetlinkSocket _socket = NetlinkSocket.Open();
    private readonly LinkManager _links;

    public LinuxVirtualMacLinks() => _links = new LinkManager(_socket);

    public void Prepare(string name, string parentName, PhysicalAddress address)
    {
        var parent = _links.Find(parentName) ?? throw new NetlinkException($"No network interface named '{parentName}' in this network namespace.");
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

    public void SetUp(string name) => _links.SetUp(_links.GetIndex(name));

    public bool Remove(string name) =>
        _links.Find(name) is { Kind: VirtualMacConfig.LinkKind } link && _links.Delete(link.Index);

    public bool IsOperational(string name) => _links.Find(name)?.IsOperational ?? false;

    public void Dispose() => _socket.Dispose();
}
