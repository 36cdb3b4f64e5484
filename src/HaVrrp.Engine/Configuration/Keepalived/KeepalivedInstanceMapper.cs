namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>Reads one <c>vrrp_instance NAME { ... }</c> into a <see cref="VrrpInstanceConfig"/>.</summary>
internal sealed class KeepalivedInstanceMapper(
    KeepalivedValueReader values, KeepalivedAddressMapper addresses, KeepalivedTrackingMapper tracking)
{
    public VrrpInstanceConfig? Instance(KeepalivedNode node)
    {
        var name = values.BlockName(node);
        var statements = values.Block(node);
        if (name is null)
        {
            return null;
        }
        var map = new SourceMap(node.Location);
        var instance = new VrrpInstanceConfig { Name = name, Source = map };
        var notify = instance.Notify;
        var garp = instance.Garp;
        var transmitOnBase = false;
        foreach (var statement in statements)
        {
            if (statement.Name == "vmac_xmit_base")
            {
                // It may come before use_vmac; joined to it below.
                transmitOnBase = values.Flag(statement, map);
                continue;
            }
            if (tracking.TryNotify(statement, map, ref notify))
            {
                continue;
            }
            if (TryGarp(statement, map, ref garp))
            {
                continue;
            }
            instance = Apply(instance, statement, map);
        }
        if (transmitOnBase && instance.VirtualMac is null)
        {
            values.Diagnostics.Warning(DiagnosticCodes.VirtualMacOptionReset, map.Of("vmac_xmit_base"),
                $"vrrp_instance {name}: vmac_xmit_base is only valid with use_vmac; ignoring it");
        }
        return instance with
        {
            Notify = notify,
            Garp = garp,
            VirtualMac = instance.VirtualMac is { } vmac ? vmac with { TransmitOnBase = transmitOnBase } : null,
        };
    }

    private VrrpInstanceConfig Apply(VrrpInstanceConfig instance, KeepalivedNode statement, SourceMap map)
    {
        switch (statement.Name)
        {
            case "state":
                return State(statement, map) is { } state ? instance with { InitialState = state } : instance;
            case "interface":
                return values.Text(statement, map) is { } device ? instance with { Interface = device } : instance;
            case "virtual_router_id":
                return values.Integer(statement, map) is { } id ? instance with { VirtualRouterId = id } : instance;
            case "priority":
                return values.Integer(statement, map) is { } priority ? instance with { Priority = priority } : instance;
            case "advert_int":
                return values.Seconds(statement, map) is { } interval ? instance with { AdvertInterval = interval } : instance;
            case "version":
                return values.Integer(statement, map) is { } version ? instance with { Version = version } : instance;
            case "authentication":
                return instance with { Authentication = Authentication(statement, map) ?? instance.Authentication };
            case "nopreempt":
                return instance with { Preempt = !values.Flag(statement, map) };
            case "preempt":
                return instance with { Preempt = values.Flag(statement, map) };
            case "preempt_delay":
                return values.Seconds(statement, map) is { } delay ? instance with { PreemptDelay = delay } : instance;
            case "accept":
                return instance with { Accept = values.Flag(statement, map) };
            case "no_accept":
                return instance with { Accept = !values.Flag(statement, map) };
            case "dont_track_primary":
                return instance with { DontTrackPrimary = values.Flag(statement, map) };
            case "v3_checksum_as_v2":
                return instance with { V3ChecksumAsV2 = values.Flag(statement, map) };
            case "unicast_ttl":
                return values.Integer(statement, map) is { } ttl ? instance with { UnicastTtl = ttl } : instance;
            case "promote_secondaries":
                return instance with { PromoteSecondaries = values.Flag(statement, map) };
            case "use_vmac":
                return instance with { VirtualMac = VirtualMac(statement, map) };
            case "use_vmac_addr":
                return instance with { UseVirtualMacForAddresses = values.Flag(statement, map) };
            case "no_virtual_ipaddress":
                return instance with { NoVirtualAddresses = values.Flag(statement, map) };
            case "strict_mode":
                return instance with { StrictMode = values.Flag(statement, map) };
            case "check_unicast_src":
                return instance with { CheckUnicastSource = values.Flag(statement, map) };
            case "skip_check_adv_addr":
                return instance with { SkipCheckAdvertAddresses = values.Flag(statement, map) };
            case "lower_prio_no_advert":
                return instance with { LowerPriorityNoAdvert = values.Flag(statement, map) };
            case "higher_prio_send_advert":
                return instance with { HigherPrioritySendAdvert = values.Flag(statement, map) };
            case "owner_ignore_adverts":
                return instance with { OwnerIgnoreAdverts = values.Flag(statement, map) };
            case "down_timer_adverts":
                return values.Integer(statement, map) is { } adverts ? instance with { DownTimerAdverts = adverts } : instance;
            case "unicast_fault_no_peer":
                return instance with { UnicastFaultNoPeer = values.Flag(statement, map) };
            case "smtp_alert":
                return instance with { SmtpAlert = values.Flag(statement, map) };
            case "mcast_src_ip":
                return values.Address(statement, map) is { } source ? instance with { MulticastSourceIp = source } : instance;
            case "mcast_dst_ip":
                return values.Address(statement, map) is { } group ? instance with { MulticastDestinationIp = group } : instance;
            case "unicast_src_ip":
                return values.Address(statement, map) is { } unicastSource ? instance with { UnicastSourceIp = unicastSource } : instance;
            case "unicast_peer":
                return instance with { UnicastPeers = UnicastPeers(statement, map) };
            case "virtual_ipaddress":
                return instance with { VirtualIpAddresses = addresses.Addresses(statement, map) };
            case "virtual_ipaddress_excluded":
                return instance with { ExcludedVirtualIpAddresses = addresses.Addresses(statement, map) };
            case "virtual_routes":
                return instance with { VirtualRoutes = addresses.Routes(statement, map) };
            case "virtual_rules":
                return instance with { VirtualRules = addresses.Rules(statement, map) };
            case "track_script":
                return instance with { TrackScripts = tracking.References(statement, map) };
            case "track_interface":
                return instance with { TrackInterfaces = tracking.References(statement, map) };
            case "track_file":
                return instance with { TrackFiles = tracking.References(statement, map) };
            case "track_process":
                return instance with { TrackProcesses = tracking.References(statement, map) };
            default:
                values.Unknown(statement, $"vrrp_instance {instance.Name}", KeepalivedKeywords.UnsupportedInstance);
                return instance;
        }
    }

    /// <summary>
    /// <c>use_vmac [NAME] [MAC]</c>, in either order: a word with a colon is the MAC (interface names cannot hold
    /// one), as keepalived tells them apart. The validator judges both (HV0155, HV0156).
    /// </summary>
    private VirtualMacConfig VirtualMac(KeepalivedNode statement, SourceMap map)
    {
        values.Record(statement, map);
        values.WarnExtra(statement, allowed: 2);
        var vmac = new VirtualMacConfig();
        foreach (var argument in statement.Arguments.Take(2))
        {
            var isAddress = argument.Text.Contains(':', StringComparison.Ordinal);
            if ((isAddress ? vmac.Address : vmac.InterfaceName) is not null)
            {
                values.Diagnostics.Warning(DiagnosticCodes.ExtraArguments, argument.Location,
                    $"use_vmac takes one {(isAddress ? "MAC address" : "interface name")}; ignoring '{argument.Text}'");
                continue;
            }
            map.Set(isAddress ? "use_vmac:address" : "use_vmac:name", argument.Location);
            vmac = isAddress
                ? vmac with { Address = argument.Text.ToLowerInvariant() }
                : vmac with { InterfaceName = argument.Text };
        }
        return vmac;
    }

    /// <summary>The per-instance <c>garp_*</c> overrides of the global GARP timing.</summary>
    private bool TryGarp(KeepalivedNode statement, SourceMap map, ref GarpSettings garp)
    {
        switch (statement.Name)
        {
            case "garp_master_delay":
                garp = garp with { MasterDelay = values.Seconds(statement, map) ?? garp.MasterDelay };
                return true;
            case "garp_master_repeat":
                garp = garp with { MasterRepeat = values.Integer(statement, map) ?? garp.MasterRepeat };
                return true;
            case "garp_master_refresh":
                garp = garp with { MasterRefresh = values.Seconds(statement, map) ?? garp.MasterRefresh };
                return true;
            case "garp_master_refresh_repeat":
                garp = garp with { MasterRefreshRepeat = values.Integer(statement, map) ?? garp.MasterRefreshRepeat };
                return true;
            case "garp_lower_prio_delay":
                garp = garp with { LowerPriorityDelay = values.Seconds(statement, map) ?? garp.LowerPriorityDelay };
                return true;
            case "garp_lower_prio_repeat":
                garp = garp with { LowerPriorityRepeat = values.Integer(statement, map) ?? garp.LowerPriorityRepeat };
                return true;
            default:
                return false;
        }
    }

    private InitialState? State(KeepalivedNode statement, SourceMap map)
    {
        if (values.Single(statement, map) is not { } token)
        {
            return null;
        }
        switch (token.Text.ToUpperInvariant())
        {
            case "MASTER":
                return InitialState.Master;
            case "BACKUP":
                return InitialState.Backup;
            default:
                values.Invalid(statement.Name, token, "is not MASTER or BACKUP");
                return null;
        }
    }

    /// <summary><c>authentication { auth_type PASS|AH; auth_pass SECRET }</c>; the type defaults to PASS.</summary>
    private AuthenticationConfig? Authentication(KeepalivedNode node, SourceMap instanceMap)
    {
        instanceMap.Set(node.Name, node.Location);
        var map = new SourceMap(node.Location);
        var type = AuthenticationType.Pass;
        var password = string.Empty;
        foreach (var statement in values.Block(node))
        {
            switch (statement.Name)
            {
                case "auth_type":
                    if (values.Single(statement, map) is { } written)
                    {
                        switch (written.Text.ToUpperInvariant())
                        {
                            case "PASS":
                                type = AuthenticationType.Pass;
                                break;
                            case "AH":
                                type = AuthenticationType.Ah;
                                break;
                            default:
                                values.Invalid(statement.Name, written, "is not PASS or AH");
                                break;
                        }
                    }
                    break;
                case "auth_pass":
                    password = values.Text(statement, map) ?? password;
                    break;
                default:
                    values.Unknown(statement, "authentication", KeepalivedKeywords.UnsupportedInstance);
                    break;
            }
        }
        return new AuthenticationConfig(type, password) { Source = map };
    }

    /// <summary><c>unicast_peer { ADDR [min_ttl N] [max_ttl N] }</c>.</summary>
    private ValueList<UnicastPeer> UnicastPeers(KeepalivedNode node, SourceMap owner)
    {
        var peers = new List<UnicastPeer>();
        foreach (var item in values.Block(node, owner))
        {
            if (!values.TryAddress(node.Name, item.Keyword, out var address))
            {
                continue;
            }
            var map = new SourceMap(item.Location);
            var peer = new UnicastPeer(address) { Source = map };
            var arguments = item.Arguments;
            var position = 0;
            while (position + 1 < arguments.Count && arguments[position].Text is "min_ttl" or "max_ttl")
            {
                var option = arguments[position];
                var value = arguments[position + 1];
                map.Set(option.Text, option.Location).Set(KeepalivedValueReader.ValueKey(option.Text), value.Location);
                if (values.TryInteger(option.Text, value, out var ttl))
                {
                    peer = option.Text == "min_ttl" ? peer with { MinTtl = ttl } : peer with { MaxTtl = ttl };
                }
                position += 2;
            }
            if (position < arguments.Count && arguments[position].Text is "min_ttl" or "max_ttl")
            {
                values.Diagnostics.Error(DiagnosticCodes.MissingValue, arguments[position].Location,
                    $"{arguments[position].Text} needs a value");
                position++;
            }
            values.WarnExtra($"unicast_peer {item.Name}", arguments, position);
            peers.Add(peer);
        }
        return peers;
    }
}
