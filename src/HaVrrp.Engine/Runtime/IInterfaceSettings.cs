namespace HaVrrp.Engine.Runtime;

/// <summary>
/// Per-interface kernel settings an instance asks for: keepalived's <c>promote_secondaries</c>, and the devconf
/// values a <c>use_vmac</c> macvlan and its lower link need (docs/configuration.md "use_vmac").
/// </summary>
public interface IInterfaceSettings
{
    /// <summary>Whether the kernel promotes a secondary IPv4 address when the primary is removed on this interface.</summary>
    bool PromotesSecondaries(string interfaceName);

    void SetPromoteSecondaries(string interfaceName, bool promote);

    /// <summary>An IPv4 devconf value (<c>net.ipv4.conf.IF.SETTING</c>); IF may be <c>all</c> or <c>default</c>.</summary>
    int ReadIPv4(string interfaceName, string setting);

    void WriteIPv4(string interfaceName, string setting, int value);

    /// <summary>An IPv6 devconf value (<c>net.ipv6.conf.IF.SETTING</c>).</summary>
    void WriteIPv6(string interfaceName, string setting, int value);

    /// <summary>The interfaces that have IPv4 devconf now (not <c>all</c> or <c>default</c>).</summary>
    IReadOnlyList<string> IPv4Interfaces();
}

/// <summary>For hosts and tests without such settings: nothing is ever changed.</summary>
public sealed class NoInterfaceSettings : IInterfaceSettings
{
    public static NoInterfaceSettings Instance { get; } = new();

    public bool PromotesSecondaries(string interfaceName) => true;

    public void SetPromoteSecondaries(string interfaceName, bool promote)
    {
    }

    public int ReadIPv4(string interfaceName, string setting) => 0;

    public void WriteIPv4(string interfaceName, string setting, int value)
    {
    }

    public void WriteIPv6(string interfaceName, string setting, int value)
    {
    }

    public IReadOnlyList<string> IPv4Interfaces() => [];
}
