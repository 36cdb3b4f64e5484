using HaVrrp.Engine.Configuration.Syntax;

namespace HaVrrp.Engine.Configuration.Yaml;

/// <summary>Reads one entry of <c>vrrp_instances</c>.</summary>
internal static class YamlInstanceReader
{
    public static VrrpInstanceConfig? Read(string name, YamlConfigNode node, SourceLocation location, YamlReadContext context)
    {
        var owner = $"vrrp_instance {name}";
        if (!YamlTrackingReader.HasSettings(node, owner, context))
        {
            return null;
        }

        var source = new SourceMap(location);
        var instance = new VrrpInstanceConfig { Name = name, Source = source };
        var transmitOnBase = false;
        var handlers = new Dictionary<string, Action<YamlConfigNode>>
        {
            ["state"] = value =>
                instance = context.Parse(value, "state", "MASTER or BACKUP", ParseState) is { } state ? instance with { InitialState = state } : instance,
            ["interface"] = value => instance = context.Text(value, "interface") is { } name ? instance with { Interface = name } : instance,
            ["virtual_router_id"] = value =>
                instance = context.Integer(value, "virtual_router_id") is { } id ? instance with { VirtualRouterId = id } : instance,
            ["priority"] = value => instance = context.Integer(value, "priority") is { } priority ? instance with { Priority = priority } : instance,
            ["advert_int"] = value =>
                instance = context.Duration(value, "advert_int") is { } interval ? instance with { AdvertInterval = interval } : instance,
            ["version"] = value => instance = context.Integer(value, "version") is { } version ? instance with { Version = version } : instance,
            ["authentication"] = value =>
                instance = ReadAuthentication(value, context) is { } authentication ? instance with { Authentication = authentication } : instance,
            ["nopreempt"] = value => instance = context.Boolean(value, "nopreempt") is { } off ? instance with { Preempt = !off } : instance,
            ["preempt"] = value => instance = context.Boolean(value, "preempt") is { } on ? instance with { Preempt = on } : instance,
            ["preempt_delay"] = value =>
                instance = context.Duration(value, "preempt_delay") is { } delay ? instance with { PreemptDelay = delay } : instance,
            ["accept"] = value => instance = context.Boolean(value, "accept") is { } accept ? instance with { Accept = accept } : instance,
            ["dont_track_primary"] = value =>
                instance = context.Boolean(value, "dont_track_primary") is { } dont ? instance with { DontTrackPrimary = dont } : instance,
            ["mcast_src_ip"] = value =>
                instance = context.Address(value, "mcast_src_ip") is { } address ? instance with { MulticastSourceIp = address } : instance,
            ["mcast_dst_ip"] = value =>
                instance = context.Address(value, "mcast_dst_ip") is { } address ? instance with { MulticastDestinationIp = address } : instance,
            ["unicast_src_ip"] = value =>
                instance = context.Address(value, "unicast_src_ip") is { } address ? instance with { UnicastSourceIp = address } : instance,
            ["unicast_peer"] = value => instance = instance with
            {
                UnicastPeers = context.Items(value, "unicast_peer")
                    .Select(item => YamlAddressReader.ReadUnicastPeer(item, context)).OfType<UnicastPeer>().ToValueList(),
            },
            ["v3_checksum_as_v2"] = value =>
                instance = context.Boolean(value, "v3_checksum_as_v2") is { } asV2 ? instance with { V3ChecksumAsV2 = asV2 } : instance,
            ["unicast_ttl"] = value => instance = context.Integer(value, "unicast_ttl") is { } ttl ? instance with { UnicastTtl = ttl } : instance,
            ["promote_secondaries"] = value =>
                instance = context.Boolean(value, "promote_secondaries") is { } promote ? instance with { PromoteSecondaries = promote } : instance,
            ["use_vmac"] = value => instance = instance with { VirtualMac = ReadVirtualMac(value, source, context) },
            ["vmac_xmit_base"] = value => transmitOnBase = context.Boolean(value, "vmac_xmit_base") ?? transmitOnBase,
            ["use_vmac_addr"] = value =>
                instance = context.Boolean(value, "use_vmac_addr") is { } forAddresses ? instance with { UseVirtualMacForAddresses = forAddresses } : instance,
            ["no_virtual_ipaddress"] = value =>
                instance = context.Boolean(value, "no_virtual_ipaddress") is { } none ? instance with { NoVirtualAddresses = none } : instance,
            ["strict_mode"] = value =>
                instance = context.Boolean(value, "strict_mode") is { } strict ? instance with { StrictMode = strict } : instance,
            ["check_unicast_src"] = value =>
                instance = context.Boolean(value, "check_unicast_src") is { } check ? instance with { CheckUnicastSource = check } : instance,
            ["skip_check_adv_addr"] = value =>
                instance = context.Boolean(value, "skip_check_adv_addr") is { } skip ? instance with { SkipCheckAdvertAddresses = skip } : instance,
            ["lower_prio_no_advert"] = value =>
                instance = context.Boolean(value, "lower_prio_no_advert") is { } quiet ? instance with { LowerPriorityNoAdvert = quiet } : instance,
            ["higher_prio_send_advert"] = value =>
                instance = context.Boolean(value, "higher_prio_send_advert") is { } send ? instance with { HigherPrioritySendAdvert = send } : instance,
            ["down_timer_adverts"] = value =>
                instance = context.Integer(value, "down_timer_adverts") is { } adverts ? instance with { DownTimerAdverts = adverts } : instance,
            ["unicast_fault_no_peer"] = value =>
                instance = context.Boolean(value, "unicast_fault_no_peer") is { } fault ? instance with { UnicastFaultNoPeer = fault } : instance,
            ["owner_ignore_adverts"] = value =>
                instance = context.Boolean(value, "owner_ignore_adverts") is { } ignore ? instance with { OwnerIgnoreAdverts = ignore } : instance,
            ["virtual_ipaddress"] = value => instance = instance with { VirtualIpAddresses = ReadAddresses(value, "virtual_ipaddress", context) },
            ["virtual_ipaddress_excluded"] = value =>
                instance = instance with { ExcludedVirtualIpAddresses = ReadAddresses(value, "virtual_ipaddress_excluded", context) },
            ["virtual_routes"] = value => instance = instance with { VirtualRoutes = ReadRoutes(value, "virtual_routes", context) },
            ["virtual_rules"] = value => instance = instance with { VirtualRules = ReadRules(value, "virtual_rules", context) },
            ["track_script"] = value =>
                instance = instance with { TrackScripts = YamlTrackingReader.ReadTrackReferences(value, "track_script", context) },
            ["track_interface"] = value =>
                instance = instance with { TrackInterfaces = YamlTrackingReader.ReadTrackReferences(value, "track_interface", context) },
            ["track_file"] = value =>
                instance = instance with { TrackFiles = YamlTrackingReader.ReadTrackReferences(value, "track_file", context) },
            ["track_process"] = value =>
                instance = instance with { TrackProcesses = YamlTrackingReader.ReadTrackReferences(value, "track_process", context) },
            ["smtp_alert"] = value => instance = context.Boolean(value, "smtp_alert") is { } alert ? instance with { SmtpAlert = alert } : instance,
        };
        foreach (var (keyword, _, apply) in NotifyKeywords.All)
        {
            handlers[keyword] = value => instance = YamlTrackingReader.ReadNotifyScript(value, keyword, context) is { } script
                ? instance with { Notify = apply(instance.Notify, script) }
                : instance;
        }
        foreach (var (keyword, _, set) in GarpKeywords.InstanceDurations)
        {
            handlers[keyword] = value => instance = context.Duration(value, keyword) is { } duration
                ? instance with { Garp = set(instance.Garp, duration) }
                : instance;
        }
        foreach (var (keyword, _, set) in GarpKeywords.InstanceCounts)
        {
            handlers[keyword] = value => instance = context.Integer(value, keyword) is { } count
                ? instance with { Garp = set(instance.Garp, count) }
                : instance;
        }

        context.ReadMapping(node, owner, source, handlers);
        if (transmitOnBase && instance.VirtualMac is null)
        {
            context.Diagnostics.Warning(DiagnosticCodes.VirtualMacOptionReset, source.Of("vmac_xmit_base"),
                $"{owner}: vmac_xmit_base is only valid with use_vmac; ignoring it");
        }
        return instance with { VirtualMac = instance.VirtualMac is { } vmac ? vmac with { TransmitOnBase = transmitOnBase } : null };
    }

    /// <summary><c>use_vmac: true</c>, or <c>use_vmac: { name: NAME, mac: MAC }</c> with either or both.</summary>
    private static VirtualMacConfig? ReadVirtualMac(YamlConfigNode node, SourceMap instanceSource, YamlReadContext context)
    {
        if (node is not MappingNode mapping)
        {
            return context.Boolean(node, "use_vmac") == true ? new VirtualMacConfig() : null;
        }
        var vmac = new VirtualMacConfig();
        var source = new SourceMap(mapping.Location);
        context.ReadMapping(mapping, "use_vmac", source, new Dictionary<string, Action<YamlConfigNode>>
        {
            ["name"] = value => vmac = context.Text(value, "name") is { } name ? vmac with { InterfaceName = name } : vmac,
            ["mac"] = value => vmac = context.Text(value, "mac") is { } mac ? vmac with { Address = mac.ToLowerInvariant() } : vmac,
        });
        instanceSource.Set("use_vmac:name", source.Of("name:value"));
        instanceSource.Set("use_vmac:address", source.Of("mac:value"));
        return vmac;
    }

    public static ValueList<VirtualAddress> ReadAddresses(YamlConfigNode node, string keyword, YamlReadContext context) =>
        context.Items(node, keyword)
            .Select(item => YamlAddressReader.ReadVirtualAddress(item, keyword, context)).OfType<VirtualAddress>().ToValueList();

    public static ValueList<VirtualRoute> ReadRoutes(YamlConfigNode node, string keyword, YamlReadContext context) =>
        context.Items(node, keyword)
            .Select(item => YamlAddressReader.ReadRoute(item, keyword, context)).OfType<VirtualRoute>().ToValueList();

    /// <summary>Rules in keepalived's one-line form, <c>"from 192.168.2.0/24 table 100 preference 100"</c>.</summary>
    public static ValueList<RoutingRule> ReadRules(YamlConfigNode node, string keyword, YamlReadContext context) =>
        context.Items(node, keyword)
            .Select(item => YamlAddressReader.ReadRule(item, keyword, context)).OfType<RoutingRule>().ToValueList();

    private static InitialState? ParseState(string text) => text.ToUpperInvariant() switch
    {
        "MASTER" => InitialState.Master,
        "BACKUP" => InitialState.Backup,
        _ => null,
    };

    private static AuthenticationType? ParseAuthenticationType(string text) => text.ToUpperInvariant() switch
    {
        "PASS" => AuthenticationType.Pass,
        "AH" => AuthenticationType.Ah,
        _ => null,
    };

    private static AuthenticationConfig? ReadAuthentication(YamlConfigNode node, YamlReadContext context)
    {
        if (context.ExpectMapping(node, "authentication") is not { } mapping)
        {
            return null;
        }

        var source = new SourceMap(mapping.Location);
        AuthenticationType? type = null;
        string? password = null;
        context.ReadMapping(mapping, "authentication", source, new Dictionary<string, Action<YamlConfigNode>>
        {
            ["auth_type"] = value => type = context.Parse(value, "auth_type", "PASS or AH", ParseAuthenticationType) ?? type,
            ["auth_pass"] = value => password = context.Text(value, "auth_pass") ?? password,
        });
        if (!source.Has("auth_type"))
        {
            context.Diagnostics.Error(DiagnosticCodes.MissingValue, mapping.Location, "authentication has no auth_type");
        }
        if (!source.Has("auth_pass"))
        {
            context.Diagnostics.Error(DiagnosticCodes.MissingValue, mapping.Location, "authentication has no auth_pass");
        }
        return type is { } authenticationType && password is not null
            ? new AuthenticationConfig(authenticationType, password) { Source = source }
            : null;
    }
}
