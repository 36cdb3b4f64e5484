using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Net;
using System.Text.RegularExpressions;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.PowerShell.Cluster;

/// <summary>
/// Reads a <see cref="ClusterMember"/> from what Test-VrrpCluster is given: a live <see cref="VrrpInstance"/>, or the
/// <c>Deserialized.HaVrrp.VrrpInstance</c> property bag that PowerShell remoting (Invoke-Command -HostName) returns,
/// whose enums, addresses and nested objects arrive as strings or further property bags.
/// </summary>
public static partial class ClusterMemberReader
{
    public const string DeserializedTypeName = "Deserialized.HaVrrp.VrrpInstance";

    /// <summary>The member, or null when <paramref name="input"/> is not a VRRP instance at all.</summary>
    public static ClusterMember? Read(object? input)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        if (value is VrrpInstance instance)
        {
            return FromLive(instance);
        }
        return input is PSObject bag && IsInstanceBag(bag) ? FromBag(bag) : null;
    }

    private static bool IsInstanceBag(PSObject bag) =>
        bag.TypeNames.Contains(DeserializedTypeName)
        || (bag.Properties["VirtualRouterId"] is not null && bag.Properties["State"] is not null && bag.Properties["Name"] is not null);

    private static ClusterMember FromLive(VrrpInstance instance) => new()
    {
        ComputerName = instance.ComputerName,
        SocketPath = instance.SocketPath,
        Name = instance.Name,
        State = instance.State,
        Priority = instance.Priority,
        BasePriority = instance.PriorityOverride ?? instance.BasePriority,
        VirtualRouterId = instance.VirtualRouterId,
        Interface = instance.Interface,
        Version = instance.Version,
        AdvertInterval = instance.AdvertInterval,
        VirtualIPs = instance.VirtualIPs,
        MasterAddress = instance.MasterAddress,
        Preempt = instance.Preempt,
        TrackedObjects = [.. instance.TrackedObjects.Select(t => new WeightedObject(t.Kind, t.Name, new TrackedWeight(t.Weight, t.WeightReverse)))],
        Peers = [.. instance.Peers.Select(p => new HeardPeer(p.Address, p.Priority))],
        Warnings = [.. instance.Warnings.Select(w => (w.Code.ToString(), w.Message))],
        Rejected = instance.Statistics.Rejected,
        AddressListMismatches = instance.Statistics.AddressListMismatches,
    };

    private static ClusterMember FromBag(PSObject bag)
    {
        var priorityOverride = Value(bag, "PriorityOverride");
        var statistics = Value(bag, "Statistics") as PSObject;
        return new ClusterMember
        {
            // Remoting adds PSComputerName; the module's own ComputerName is the daemon host's name.
            ComputerName = Text(bag, "ComputerName") ?? Text(bag, "PSComputerName") ?? string.Empty,
            SocketPath = Text(bag, "SocketPath") ?? string.Empty,
            Name = Text(bag, "Name") ?? string.Empty,
            State = Enum.Parse<VrrpState>(Text(bag, "State") ?? nameof(VrrpState.Initialize), ignoreCase: true),
            Priority = Integer(bag, "Priority"),
            BasePriority = priorityOverride is null ? Integer(bag, "BasePriority") : Convert.ToInt32(priorityOverride, CultureInfo.InvariantCulture),
            VirtualRouterId = Integer(bag, "VirtualRouterId"),
            Interface = Text(bag, "Interface") ?? string.Empty,
            Version = Integer(bag, "Version"),
            AdvertInterval = Value(bag, "AdvertInterval") switch
            {
                TimeSpan interval => interval,
                { } other => TimeSpan.Parse(other.ToString()!, CultureInfo.InvariantCulture),
                null => TimeSpan.Zero,
            },
            VirtualIPs = [.. Items(bag, "VirtualIPs").Select(item => Address(item.ToString())).OfType<IPAddress>()],
            MasterAddress = Address(Text(bag, "MasterAddress")),
            Preempt = Value(bag, "Preempt") is not bool preempt || preempt,
            TrackedObjects = [.. Items(bag, "TrackedObjects").Select(TrackedObject).OfType<WeightedObject>()],
            Peers = [.. Items(bag, "Peers").Select(Peer).OfType<HeardPeer>()],
            Warnings = [.. Items(bag, "Warnings").Select(Warning)],
            Rejected = statistics is null ? new Dictionary<string, long>() : Rejected(statistics),
            AddressListMismatches = statistics is null ? 0 : Convert.ToInt64(Value(statistics, "AddressListMismatches") ?? 0L, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A tracked object: a property bag, or (serialized too shallow) its ToString form <c>chk (script) GOOD, weight -50 reverse: none</c>.</summary>
    private static WeightedObject? TrackedObject(object item)
    {
        if (item is PSObject { BaseObject: not string } bag && bag.Properties["Weight"] is not null)
        {
            return new WeightedObject(
                Enum.Parse<TrackedObjectKind>(Text(bag, "Kind") ?? nameof(TrackedObjectKind.Script), ignoreCase: true),
                Text(bag, "Name") ?? string.Empty,
                new TrackedWeight(Integer(bag, "Weight"), Value(bag, "WeightReverse") is true));
        }
        var match = TrackedObjectText().Match(item.ToString() ?? string.Empty);
        return match.Success
            ? new WeightedObject(
                Enum.Parse<TrackedObjectKind>(match.Groups["kind"].Value, ignoreCase: true),
                match.Groups["name"].Value,
                new TrackedWeight(int.Parse(match.Groups["weight"].Value, CultureInfo.InvariantCulture), match.Groups["reverse"].Success))
            : null;
    }

    /// <summary>A peer: a property bag, or its ToString form <c>10.0.0.12 priority 100, ...</c>.</summary>
    private static HeardPeer? Peer(object item)
    {
        if (item is PSObject { BaseObject: not string } bag && bag.Properties["Priority"] is not null)
        {
            return Address(Text(bag, "Address")) is { } address ? new HeardPeer(address, Integer(bag, "Priority")) : null;
        }
        var match = PeerText().Match(item.ToString() ?? string.Empty);
        return match.Success && Address(match.Groups["address"].Value) is { } parsed
            ? new HeardPeer(parsed, int.Parse(match.Groups["priority"].Value, CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>A warning: a property bag, or its ToString form <c>Code: message (hint)</c>.</summary>
    private static (string Code, string Message) Warning(object item)
    {
        if (item is PSObject { BaseObject: not string } bag && bag.Properties["Code"] is not null)
        {
            return (Text(bag, "Code") ?? string.Empty, Text(bag, "Message") ?? string.Empty);
        }
        var text = item.ToString() ?? string.Empty;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (text, text) : (text[..colon], text[(colon + 1)..].Trim());
    }

    private static Dictionary<string, long> Rejected(PSObject statistics)
    {
        var rejected = new Dictionary<string, long>(StringComparer.Ordinal);
        if (Value(statistics, "Rejected") is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                rejected[entry.Key.ToString()!] = Convert.ToInt64(Unwrap(entry.Value), CultureInfo.InvariantCulture);
            }
        }
        return rejected;
    }

    private static object? Value(PSObject bag, string name) => Unwrap(bag.Properties[name]?.Value);

    private static object? Unwrap(object? value) => value is PSObject { BaseObject: var inner } wrapped && inner is not PSCustomObject ? (inner is string or ValueType or IEnumerable ? inner : wrapped) : value;

    private static string? Text(PSObject bag, string name) => bag.Properties[name]?.Value?.ToString() is { Length: > 0 } text ? text : null;

    private static int Integer(PSObject bag, string name) =>
        Value(bag, name) is { } value ? Convert.ToInt32(value is string or ValueType ? value : value.ToString(), CultureInfo.InvariantCulture) : 0;

    private static IEnumerable<object> Items(PSObject bag, string name) => bag.Properties[name]?.Value switch
    {
        null => [],
        PSObject { BaseObject: IEnumerable list and not string } => list.Cast<object>().Where(i => i is not null),
        IEnumerable list and not string => list.Cast<object>().Where(i => i is not null),
        var single => [single],
    };

    private static IPAddress? Address(string? text) => IPAddress.TryParse(text, out var address) ? address : null;

    [GeneratedRegex(@"^(?<name>\S+) \((?<kind>script|interface|file)\) .*, weight (?<weight>-?\d+)(?<reverse> reverse)?:")]
    private static partial Regex TrackedObjectText();

    [GeneratedRegex(@"^(?<address>\S+) priority (?<priority>\d+)")]
    private static partial Regex PeerText();
}
