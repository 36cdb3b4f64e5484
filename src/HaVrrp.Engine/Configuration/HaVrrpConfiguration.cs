namespace HaVrrp.Engine.Configuration;

/// <summary>
/// The whole configuration of one node, whichever format it was written in. Records compare by
/// content (see <see cref="ValueList{T}"/> and <see cref="SourceMap"/>), never by where they came from.
/// </summary>
public sealed record HaVrrpConfiguration
{
    public GlobalSettings Global { get; init; } = new();

    public ValueList<VrrpScriptConfig> Scripts { get; init; } = ValueList<VrrpScriptConfig>.Empty;

    public ValueList<TrackFileConfig> TrackFiles { get; init; } = ValueList<TrackFileConfig>.Empty;

    public ValueList<TrackProcessConfig> TrackProcesses { get; init; } = ValueList<TrackProcessConfig>.Empty;

    public ValueList<VrrpInstanceConfig> Instances { get; init; } = ValueList<VrrpInstanceConfig>.Empty;

    public ValueList<SyncGroupConfig> SyncGroups { get; init; } = ValueList<SyncGroupConfig>.Empty;

    /// <summary>keepalived's <c>static_ipaddress</c>: addresses that exist whatever the VRRP state.</summary>
    public ValueList<VirtualAddress> StaticAddresses { get; init; } = ValueList<VirtualAddress>.Empty;

    /// <summary>keepalived's <c>static_routes</c>.</summary>
    public ValueList<VirtualRoute> StaticRoutes { get; init; } = ValueList<VirtualRoute>.Empty;

    /// <summary>keepalived's <c>static_rules</c>: policy-routing rules present whatever the VRRP state.</summary>
    public ValueList<RoutingRule> StaticRules { get; init; } = ValueList<RoutingRule>.Empty;

    /// <summary>The control socket (YAML's <c>control:</c>); keepalived.conf leaves it at its defaults.</summary>
    public ControlSettings Control { get; init; } = new();

    /// <summary>The Prometheus endpoint (YAML's <c>metrics:</c>); off unless configured.</summary>
    public MetricsSettings Metrics { get; init; } = new();

    public SourceMap Source { get; init; } = SourceMap.None;
}
