using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>Virtual addresses and routes through rtnetlink, with the lifetimes the engine asks for.</summary>
public sealed class LinuxAddressManager : IAddressManager, IDisposable
{
    private readonly NetlinkSocket _socket;
    private readonly AddressManager _addresses;
    private readonly RouteManager _routes;
    private readonly LinkManager _links;
    private readonly RtnetlinkRequestMapper _mapper;

    public LinuxAddressManager()
    {
        _socket = NetlinkSocket.Open();
        _addresses = new AddressManager(_socket);
        _routes = new RouteManager(_socket);
        _links = new LinkManager(_socket);
        _mapper = new RtnetlinkRequestMapper(_links.GetIndex);
    }

    public void AddOrRefresh(string interfaceName, VirtualAddress address, TimeSpan validLifetime) =>
        _addresses.AddOrReplace(_mapper.ToRequest(address, interfaceName, validLifetime));

    public void Remove(string interfaceName, VirtualAddress address) =>
        _addresses.Delete(_mapper.ToRequest(address, interfaceName));

    public void AddRoute(VirtualRoute route) => _routes.AddOrReplace(_mapper.ToRequest(route));

    public void RemoveRoute(VirtualRoute route) => _routes.Delete(_mapper.ToRequest(route));

    public IReadOnlyList<Runtime.InterfaceAddress> ListAddresses(string interfaceName)
    {
        if (_links.Find(interfaceName) is not { } link)
        {
            return [];
        }
        return _addresses.List()
            .Where(address => address.InterfaceIndex == link.Index)
            .Select(address => new Runtime.InterfaceAddress(address.Address, address.PrefixLength))
            .ToList();
    }

    public void Dispose() => _socket.Dispose();
}
