using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Engine.Platform.Linux.Netlink;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>Virtual addresses, routes and rules through rtnetlink, with the lifetimes the engine asks for.</summary>
public sealed class LinuxAddressManager : IAddressManager, IDisposable
{
    private readonly NetlinkSocket _socket;
    private readonly AddressManager _addresses;
    private readonly RouteManager _routes;
    private readonly RuleManager _rules;
    private readonly LinkManager _links;
    private readonly RtnetlinkRequestMapper _mapper;
    private readonly Dictionary<string, int> _interfaceIndexes = new(StringComparer.Ordinal);

    public LinuxAddressManager()
    {
        _socket = NetlinkSocket.Open();
        _addresses = new AddressManager(_socket);
        _routes = new RouteManager(_socket);
        _rules = new RuleManager(_socket);
        _links = new LinkManager(_socket);
        _mapper = new RtnetlinkRequestMapper(IndexOf);
    }

    // Every master refreshes its VIPs each second: resolving the interface with a link dump each time was
    // most of the daemon's CPU with many instances. An interface that was recreated gets a new index, so
    // a request that fails with ENODEV forgets the cached one and is tried once more.
    private int IndexOf(string interfaceName)
    {
        if (!_interfaceIndexes.TryGetValue(interfaceName, out var index))
        {
            index = _interfaceIndexes[interfaceName] = _links.GetIndex(interfaceName);
        }
        return index;
    }

    private void WithFreshIndexOnNoDevice(Action request)
    {
        try
        {
            request();
        }
        catch (NetlinkException exception) when (exception.ErrorNumber == Errno.NoSuchDevice && _interfaceIndexes.Count > 0)
        {
            _interfaceIndexes.Clear();
            request();
        }
    }

    public void AddOrRefresh(string interfaceName, VirtualAddress address, TimeSpan validLifetime) =>
        WithFreshIndexOnNoDevice(() => _addresses.AddOrReplace(_mapper.ToRequest(address, interfaceName, validLifetime)));

    public void AddPermanent(string interfaceName, VirtualAddress address) =>
        WithFreshIndexOnNoDevice(() => _addresses.AddOrReplace(_mapper.ToRequest(address, interfaceName)));

    public void Remove(string interfaceName, VirtualAddress address) =>
        WithFreshIndexOnNoDevice(() => _addresses.Delete(_mapper.ToRequest(address, interfaceName)));

    public void AddRoute(VirtualRoute route) => WithFreshIndexOnNoDevice(() => _routes.AddOrReplace(_mapper.ToRequest(route)));

    public void RemoveRoute(VirtualRoute route) => WithFreshIndexOnNoDevice(() => _routes.Delete(_mapper.ToRequest(route)));

    public void AddRule(RoutingRule rule) => _rules.Add(RtnetlinkRequestMapper.ToRequest(rule));

    public bool RemoveRule(RoutingRule rule) => _rules.Delete(RtnetlinkRequestMapper.ToRequest(rule));

    public IReadOnlyList<InterfaceAddress> ListAddresses(string interfaceName)
    {
        if (_links.Find(interfaceName) is not { } link)
        {
            return [];
        }
        return _addresses.List()
            .Where(address => address.InterfaceIndex == link.Index)
            .Select(address => new InterfaceAddress(address.Address, address.PrefixLength))
            .ToList();
    }

    public void Dispose() => _socket.Dispose();
}
