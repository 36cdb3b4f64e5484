namespace HaVrrp.Engine.Runtime;

/// <summary>Per-interface kernel settings an instance asks for (keepalived's <c>promote_secondaries</c>).</summary>
public interface IInterfaceSettings
{
    /// <summary>Whether the kernel promotes a secondary IPv4 address when the primary is removed on this interface.</summary>
    bool PromotesSecondaries(string interfaceName);

    void SetPromoteSecondaries(string interfaceName, bool promote);
}

/// <summary>For hosts and tests without such settings: nothing is ever changed.</summary>
public sealed class NoInterfaceSettings : IInterfaceSettings
{
    public static NoInterfaceSettings Instance { get; } = new();

    public bool PromotesSecondaries(string interfaceName) => true;

    public void SetPromoteSecondaries(string interfaceName, bool promote)
    {
    }
}
