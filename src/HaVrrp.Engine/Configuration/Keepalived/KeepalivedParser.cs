namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// Maps the statement tree of a keepalived.conf to <see cref="HaVrrpConfiguration"/>. Unknown keywords are
/// warnings (HV0020), never failures; LVS blocks are skipped with one HV0021; a second definition of a name
/// is HV0025 and is dropped so that every name means one thing.
/// </summary>
internal sealed class KeepalivedParser
{
    private readonly KeepalivedValueReader _values;
    private readonly KeepalivedAddressMapper _addresses;
    private readonly KeepalivedTrackingMapper _tracking;
    private readonly KeepalivedInstanceMapper _instances;
    private readonly KeepalivedGlobalMapper _global;

    private KeepalivedParser(DiagnosticBag diagnostics)
    {
        _values = new KeepalivedValueReader(diagnostics);
        _addresses = new KeepalivedAddressMapper(_values);
        _tracking = new KeepalivedTrackingMapper(_values);
        _instances = new KeepalivedInstanceMapper(_values, _addresses, _tracking);
        _global = new KeepalivedGlobalMapper(_values, _tracking);
    }

    public static HaVrrpConfiguration Parse(IReadOnlyList<KeepalivedNode> statements, DiagnosticBag diagnostics) =>
        new KeepalivedParser(diagnostics).Map(statements);

    private HaVrrpConfiguration Map(IReadOnlyList<KeepalivedNode> statements)
    {
        var location = statements.Count > 0 ? new SourceLocation(statements[0].Location.File, 1, 1) : SourceLocation.None;
        var global = new GlobalSettings();
        var scripts = new Named<VrrpScriptConfig>(_values.Diagnostics);
        var trackFiles = new Named<TrackFileConfig>(_values.Diagnostics);
        var trackProcesses = new Named<TrackProcessConfig>(_values.Diagnostics);
        var instances = new Named<VrrpInstanceConfig>(_values.Diagnostics);
        var syncGroups = new Named<SyncGroupConfig>(_values.Diagnostics);
        var staticAddresses = new List<VirtualAddress>();
        var staticRoutes = new List<VirtualRoute>();
        var staticRules = new List<RoutingRule>();
        var loadBalancerBlocks = new List<KeepalivedNode>();

        foreach (var statement in statements)
        {
            switch (statement.Name)
            {
                case "global_defs":
                    global = _global.Apply(global, statement);
                    break;
                case "vrrp_script":
                    scripts.Add(_tracking.Script(statement), script => script.Name, statement);
                    break;
                // track_file is upstream's current name; vrrp_track_file the older synonym it still reads.
                case "track_file":
                case "vrrp_track_file":
                    trackFiles.Add(_tracking.TrackFile(statement), trackFile => trackFile.Name, statement);
                    break;
                // Only this spelling: keepalived (2.2.7 and current) has no top-level track_process block.
                case "vrrp_track_process":
                    trackProcesses.Add(_tracking.TrackProcess(statement), process => process.Name, statement);
                    break;
                case "vrrp_instance":
                    instances.Add(_instances.Instance(statement), instance => instance.Name, statement);
                    break;
                case "vrrp_sync_group":
                    syncGroups.Add(_tracking.SyncGroup(statement), group => group.Name, statement);
                    break;
                case "static_ipaddress":
                    staticAddresses.AddRange(_addresses.Addresses(statement));
                    break;
                case "static_routes":
                    staticRoutes.AddRange(_addresses.Routes(statement));
                    break;
                case "static_rules":
                    staticRules.AddRange(_addresses.Rules(statement));
                    break;
                case var name when KeepalivedKeywords.LoadBalancerBlocks.Contains(name):
                    loadBalancerBlocks.Add(statement);
                    break;
                default:
                    _values.Unknown(statement, "the top level", KeepalivedKeywords.UnsupportedTopLevel);
                    break;
            }
        }
        if (loadBalancerBlocks.Count > 0)
        {
            var count = loadBalancerBlocks.Count == 1 ? "1 LVS block" : $"{loadBalancerBlocks.Count} LVS blocks";
            _values.Diagnostics.Warning(DiagnosticCodes.LvsIgnored, loadBalancerBlocks[0].Location,
                $"{count} (virtual_server, virtual_server_group) ignored: HaVrrp implements only the VRRP part of keepalived");
        }

        return new HaVrrpConfiguration
        {
            Global = global,
            Scripts = scripts.Items,
            TrackFiles = trackFiles.Items,
            TrackProcesses = trackProcesses.Items,
            Instances = instances.Items,
            SyncGroups = syncGroups.Items,
            StaticAddresses = staticAddresses,
            StaticRoutes = staticRoutes,
            StaticRules = staticRules,
            Source = new SourceMap(location),
        };
    }

    /// <summary>Blocks of one kind, in file order, each name once (a duplicate is reported with the keyword it was written with).</summary>
    private sealed class Named<T>(DiagnosticBag diagnostics)
    {
        private readonly Dictionary<string, SourceLocation> _seen = new(StringComparer.Ordinal);

        public List<T> Items { get; } = [];

        public void Add(T? item, Func<T, string> nameOf, KeepalivedNode statement)
        {
            if (item is null)
            {
                return;
            }
            var name = nameOf(item);
            if (_seen.TryGetValue(name, out var first))
            {
                diagnostics.Error(DiagnosticCodes.DuplicateDefinition, statement.Location,
                    $"{statement.Name} '{name}' is already defined at {first}; this one is ignored");
                return;
            }
            _seen.Add(name, statement.Location);
            Items.Add(item);
        }
    }
}
