using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tracking;

/// <summary>
/// Every tracker of one node, one per script, track file, track process and interface, shared by all instances that
/// track them (keepalived runs a script once however many instances track it), and each instance's
/// view of them.
/// </summary>
public sealed class TrackerSet
{
    private readonly Dictionary<string, ScriptTracker> _scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileTracker> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProcessTracker> _processes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InterfaceTracker> _interfaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstanceTracking> _instances = new(StringComparer.Ordinal);

    /// <param name="config">A validated configuration: references to undefined objects are skipped.</param>
    /// <param name="start">When the first script runs are due.</param>
    /// <param name="interfaceIsUp">The link state of an interface at start.</param>
    /// <param name="previous">
    /// The set a reload replaces: scripts and files whose configuration did not change keep their state (rise/fall
    /// counters, last value), so a reload does not make an unchanged instance's priority jump back and forth.
    /// </param>
    public TrackerSet(HaVrrpConfiguration config, DateTimeOffset start, Func<string, bool> interfaceIsUp, TrackerSet? previous = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(interfaceIsUp);
        foreach (var script in config.Scripts)
        {
            _scripts[script.Name] = previous?._scripts.GetValueOrDefault(script.Name) is { } kept && kept.Config == script
                ? kept
                : new ScriptTracker(script, start);
        }
        foreach (var file in config.TrackFiles)
        {
            _files[file.Name] = previous?._files.GetValueOrDefault(file.Name) is { } kept && kept.Config == file
                ? kept
                : new FileTracker(file);
        }
        foreach (var process in config.TrackProcesses)
        {
            _processes[process.Name] = previous?._processes.GetValueOrDefault(process.Name) is { } kept && kept.Config == process
                ? kept
                : new ProcessTracker(process) { Method = previous?._processes.Values.FirstOrDefault()?.Method ?? ProcessMonitorMethod.Starting };
        }

        var groupOf = config.SyncGroups
            .SelectMany(g => g.Members.Select(member => (member, g)))
            .GroupBy(pair => pair.member, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().g, StringComparer.Ordinal);
        foreach (var instance in config.Instances)
        {
            _instances[instance.Name] = Bind(instance, groupOf.GetValueOrDefault(instance.Name), interfaceIsUp);
        }
    }

    public IReadOnlyCollection<ScriptTracker> Scripts => _scripts.Values;

    public IReadOnlyCollection<FileTracker> Files => _files.Values;

    public IReadOnlyCollection<ProcessTracker> Processes => _processes.Values;

    public IReadOnlyCollection<InterfaceTracker> Interfaces => _interfaces.Values;

    public IReadOnlyCollection<InstanceTracking> Instances => _instances.Values;

    public ScriptTracker Script(string name) => _scripts[name];

    public FileTracker File(string name) => _files[name];

    public InterfaceTracker Interface(string name) => _interfaces[name];

    public InstanceTracking Instance(string name) => _instances[name];

    public ScriptTracker? FindScript(string name) => _scripts.GetValueOrDefault(name);

    public FileTracker? FindFile(string name) => _files.GetValueOrDefault(name);

    public ProcessTracker? FindProcess(string name) => _processes.GetValueOrDefault(name);

    public InterfaceTracker? FindInterface(string name) => _interfaces.GetValueOrDefault(name);

    public InstanceTracking? FindInstance(string name) => _instances.GetValueOrDefault(name);

    private InstanceTracking Bind(VrrpInstanceConfig instance, SyncGroupConfig? group, Func<string, bool> interfaceIsUp)
    {
        // keepalived ignores member weights in a sync group (the group fails over as one) unless
        // sync_group_tracking_weight says otherwise: every tracked failure then faults the group.
        var keepWeights = group is null || group.TrackingWeight;
        TrackedWeight Effective(TrackedWeight weight) => keepWeights ? weight : TrackedWeight.FaultOnFailure with { Reverse = weight.Reverse };

        var bindings = new List<TrackedBinding>();
        if (instance.Interface is { } primary && !instance.DontTrackPrimary)
        {
            bindings.Add(new InterfaceBinding(InterfaceNamed(primary, interfaceIsUp), TrackedWeight.FaultOnFailure, isPrimary: true));
        }
        // keepalived tracks the use_vmac macvlan as it tracks the interface (it follows its lower link's carrier, and
        // someone may take it down or delete it).
        if (instance.VirtualMacInterface is { } vmac && !instance.DontTrackPrimary)
        {
            bindings.Add(new InterfaceBinding(InterfaceNamed(vmac, interfaceIsUp), TrackedWeight.FaultOnFailure, isPrimary: true));
        }

        var scripts = instance.TrackScripts.Concat(group?.TrackScripts ?? ValueList<TrackReference>.Empty);
        foreach (var reference in scripts)
        {
            if (_scripts.TryGetValue(reference.Name, out var script))
            {
                var weight = TrackedWeight.Resolve(reference, script.Config.Weight, script.Config.WeightReverse);
                bindings.Add(new ScriptBinding(script, Effective(weight)));
            }
        }

        // keepalived ignores an instance's track_interface naming its own interface (HV0138): that link is the
        // primary one, tracked as such unless dont_track_primary, never as a weighted object.
        var interfaces = instance.TrackInterfaces.Where(reference => reference.Name != instance.Interface)
            .Concat(group?.TrackInterfaces ?? ValueList<TrackReference>.Empty);
        foreach (var reference in interfaces)
        {
            var weight = TrackedWeight.Resolve(reference, objectWeight: 0, objectReverse: false);
            bindings.Add(new InterfaceBinding(InterfaceNamed(reference.Name, interfaceIsUp), Effective(weight), isPrimary: false));
        }

        foreach (var device in CarryingInterfaces(instance))
        {
            bindings.Add(new InterfaceBinding(InterfaceNamed(device, interfaceIsUp), TrackedWeight.FaultOnFailure, isPrimary: false));
        }

        var files = instance.TrackFiles.Concat(group?.TrackFiles ?? ValueList<TrackReference>.Empty);
        foreach (var reference in files)
        {
            if (_files.TryGetValue(reference.Name, out var file))
            {
                var weight = TrackedWeight.Resolve(reference, file.Config.Weight, file.Config.WeightReverse);
                bindings.Add(new FileBinding(file, Effective(weight)));
            }
        }

        var processes = instance.TrackProcesses.Concat(group?.TrackProcesses ?? ValueList<TrackReference>.Empty);
        foreach (var reference in processes.DistinctBy(reference => reference.Name, StringComparer.Ordinal))
        {
            if (_processes.TryGetValue(reference.Name, out var process))
            {
                var weight = TrackedWeight.Resolve(reference, process.Config.Weight, process.Config.WeightReverse);
                bindings.Add(new ProcessBinding(process, Effective(weight)));
            }
        }

        if (instance.UnicastFaultNoPeer && instance.UnicastPeers.Count == 0)
        {
            bindings.Add(new NoUnicastPeerBinding());
        }

        return new InstanceTracking(instance.Name, instance.Priority, bindings);
    }

    /// <summary>
    /// The other interfaces the instance puts addresses and routes on (<c>dev</c> of a VIP, an excluded VIP or a
    /// virtual route): keepalived tracks each, and the instance goes to FAULT while one is down, unless the entry
    /// says <c>no_track</c>. The primary interface is tracked as such (or not, with dont_track_primary).
    /// </summary>
    private static IEnumerable<string> CarryingInterfaces(VrrpInstanceConfig instance) =>
        instance.VirtualIpAddresses.Concat(instance.ExcludedVirtualIpAddresses)
            .Where(address => !address.NoTrack).Select(address => address.Device)
            // The macvlan of use_vmac_addr or an address's use_vmac: keepalived tracks it as the address's link.
            .Concat(instance.VirtualIpAddresses.Concat(instance.ExcludedVirtualIpAddresses)
                .Where(address => !address.NoTrack && instance.NeedsAddressVirtualMac(address))
                .Select(instance.InterfaceFor))
            .Concat(instance.VirtualRoutes.Where(route => !route.NoTrack).Select(route => route.Device))
            .OfType<string>()
            .Where(device => device != instance.Interface)
            .Distinct(StringComparer.Ordinal);

    private InterfaceTracker InterfaceNamed(string name, Func<string, bool> interfaceIsUp)
    {
        if (!_interfaces.TryGetValue(name, out var tracker))
        {
            tracker = new InterfaceTracker(name, interfaceIsUp(name));
            _interfaces[name] = tracker;
        }
        return tracker;
    }
}
