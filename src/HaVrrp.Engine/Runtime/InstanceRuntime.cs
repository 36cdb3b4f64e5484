using System.Globalization;
using System.Net.Sockets;
using System.Net;
using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Syntax;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;
using HaVrrp.Engine.Warnings;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// One running vrrp_instance: its <see cref="VrrpRouter"/> and everything the router leaves to the shell —
/// carrying out its actions through the ports, keeping VIP lifetimes fresh, checking received adverts, choosing how
/// long a stop may wait for a new master (the router keeps the VIPs meanwhile), and telling its
/// <see cref="PeerWatch"/> what it hears, logging what that finds and sending the probes it asks for. Owned by the engine loop; never
/// touched from elsewhere.
/// </summary>
internal sealed class InstanceRuntime
{
    private static readonly TimeSpan RejectionLogPeriod = TimeSpan.FromSeconds(10);

    /// <summary>VRRPv3's smallest interval, one centisecond: what a peer advertising 0 is taken to mean.</summary>
    private static readonly TimeSpan MinimumAdvertInterval = TimeSpan.FromMilliseconds(10);

    private readonly EnginePorts _ports;
    private readonly IVrrpTransport _transport;
    private readonly ILogger _logger;
    private readonly VrrpActionBuffer _actions = new();
    private readonly byte[] _advertBuffer;
    private readonly VrrpAddress[] _destinations;
    private readonly InstanceAddresses _addresses;
    private readonly LogRateLimit _rejectionLog = new(RejectionLogPeriod);
    private readonly bool _hasSourceAddress;
    private readonly string _peerProbeOperation;

    private readonly PeerWatch _peers;
    private TimeSpan _waitingSince;

    // Step-down requests waiting for the router to report how the hand-over ended, and whether each changed anything.
    private readonly List<(StepDownCommand Command, bool Changed)> _pendingStepDowns = [];
    private TrackingTotals _appliedTotals;
    private bool _waitingForTracking;

    private long _transitionsReported;

    public InstanceRuntime(
        VrrpInstanceConfig config,
        GlobalSettings global,
        TransportKey transportKey,
        IVrrpTransport transport,
        VrrpAddress? sourceAddress,
        EnginePorts ports,
        ILogger logger,
        InstanceTracking? tracking = null)
    {
        Config = config;
        Tracking = tracking;
        TransportKey = transportKey;
        _transport = transport;
        _ports = ports;
        _logger = logger;
        _hasSourceAddress = sourceAddress is not null;
        var isIPv6 = transportKey.Family == AddressFamily.InterNetworkV6;
        SourceAddress = sourceAddress ?? VrrpAddress.FromIPAddress(isIPv6 ? IPAddress.IPv6Any : IPAddress.Any);

        Router = new VrrpRouter(ProtocolSettings.Router(config, global, SourceAddress));
        Profile = ProtocolSettings.Profile(config, global);
        _advertBuffer = new byte[Profile.MessageLength];
        _destinations = config.UnicastPeers.Count > 0
            ? [.. config.UnicastPeers.Select(peer => VrrpAddress.FromIPAddress(peer.Address))]
            : [VrrpAddress.FromIPAddress(config.MulticastDestinationIp ?? (isIPv6 ? global.MulticastGroup6 : global.MulticastGroup4))];

        _addresses = new InstanceAddresses(
            config, VirtualAddressLifetime.For(Router.Settings.AdvertInterval, Router.Settings.DownTimerAdverts), ports, logger);
        _peers = new PeerWatch(config.Name, config.Priority, [.. config.UnicastPeers.Select(peer => peer.Address)]);
        _peerProbeOperation = "probing the peers on " + transportKey.InterfaceName;
        if (config.UnicastFaultNoPeer && config.UnicastPeers.Count == 0)
        {
            EngineLog.NoUnicastPeers(logger, config.Name);
        }
    }

    public string Name => Config.Name;

    /// <summary>The tracked objects that move this instance's priority; null when it tracks nothing.</summary>
    public InstanceTracking? Tracking { get; private set; }

    /// <summary>The vrrp_sync_group this instance belongs to, if any.</summary>
    public SyncGroupRuntime? SyncGroup { get; set; }

    /// <summary>keepalived keeps an instance in INIT until every weight-0 script has reported once.</summary>
    public bool IsWaitingForTracking => _waitingForTracking;

    public VrrpInstanceConfig Config { get; }

    public TransportKey TransportKey { get; }

    public VrrpRouter Router { get; }

    public AdvertisementProfile Profile { get; }

    /// <summary>The address adverts leave from and that ties are broken on.</summary>
    public VrrpAddress SourceAddress { get; }

    public AdvertisementCounters AdvertCounters { get; } = new();

    public bool HoldsVirtualAddresses => _addresses.AreHeld;

    public bool IsStopping { get; private set; }

    /// <summary>Stopping, and the router keeps the VIPs until the new master is heard (docs/daemon.md "Graceful hand-over").</summary>
    public bool IsHandingOver => Router.IsHandingOverOnStop;

    /// <summary>Stopped and done: no VIPs kept for a hand-over any more.</summary>
    public bool IsStopped => IsStopping && !IsHandingOver;

    /// <summary>What this instance warns about now: split-brain evidence, HV0301, waiting for tracking.</summary>
    public ValueList<InstanceWarning> Warnings => _peers.Warnings;

    public TimeSpan VirtualAddressLifetimeInUse => _addresses.Lifetime;

    /// <summary>Called by the loop after a step that changed the router's state (control-plane waits follow it).</summary>
    public Action? StateChanged { get; set; }

    public TimeSpan? NextDeadline => Earliest(Earliest(Router.NextDeadline, _addresses.NextRefreshAt), _peers.NextProbeAt);

    public void Start(TimeSpan now, bool interfaceUp)
    {
        _peers.AssumeBackup(now, Tracking);
        if (!_hasSourceAddress)
        {
            EngineLog.NoPrimaryAddress(_logger, Name, TransportKey.Family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4", TransportKey.InterfaceName);
        }
        _actions.Clear();
        // Without an address to send from the instance cannot take part: FAULT, as keepalived does.
        Router.SetInterfaceState(now, PrimaryInterfaceCounts(interfaceUp), _actions);
        if (SyncGroup is not null)
        {
            Router.HoldForSyncGroup();
        }
        var totals = Tracking?.Totals() ?? default;
        if (totals.AnyPending)
        {
            _waitingForTracking = true;
            _waitingSince = now;
            EngineLog.WaitingForTracking(_logger, Name);
            Execute(now);
            return;
        }
        StartWith(now, totals);
    }

    /// <summary>
    /// Tracked objects changed: hands the new totals to the router when they differ from what it has, and starts
    /// an instance that was waiting for its weight-0 scripts' first results.
    /// </summary>
    public void ApplyTracking(TimeSpan now)
    {
        if (IsStopping || Tracking is null)
        {
            return;
        }
        var totals = Tracking.Totals();
        if (_waitingForTracking)
        {
            if (!totals.AnyPending)
            {
                _waitingForTracking = false;
                _actions.Clear();
                StartWith(now, totals);
            }
            return;
        }
        if (totals.WeightSum == _appliedTotals.WeightSum && totals.AnyZeroWeightFailed == _appliedTotals.AnyZeroWeightFailed)
        {
            return;
        }
        _appliedTotals = totals;
        _actions.Clear();
        Router.SetTrackingState(now, totals.WeightSum, totals.AnyZeroWeightFailed, _actions);
        Execute(now);
    }

    private void StartWith(TimeSpan now, TrackingTotals totals)
    {
        _appliedTotals = totals;
        Router.SetTrackingState(now, totals.WeightSum, totals.AnyZeroWeightFailed, _actions);
        Router.Start(now, _actions);
        Execute(now);
    }

    /// <summary>A reload kept this instance but built new trackers: follow them without restarting.</summary>
    public void Rebind(TimeSpan now, InstanceTracking? tracking)
    {
        Tracking = tracking;
        LogNeverFailsOver(_peers.Recheck(now, tracking));
        ApplyTracking(now);
        RefreshWarnings(now);
    }

    /// <summary>dont_track_primary: keepalived ignores faults of the instance's own interface.</summary>
    private bool PrimaryInterfaceCounts(bool interfaceUp) => (interfaceUp || Config.DontTrackPrimary) && _hasSourceAddress;

    /// <summary>Applies one router event (a command, link or tracking change) and carries out what it asks.</summary>
    public void Apply(TimeSpan now, Action<VrrpRouter, VrrpActionBuffer> step)
    {
        if (IsStopping)
        {
            return;
        }
        _actions.Clear();
        step(Router, _actions);
        Execute(now);
    }

    /// <summary>
    /// The kernel reported <paramref name="address"/> gone from <paramref name="interfaceName"/>. When it is one of the
    /// VIPs this master holds (and not <c>no_track</c>), and it is truly missing now (havrrpd's own removals report the
    /// same), the router steps back and reclaims mastership after Skew_Time, as keepalived does; that re-adds every
    /// VIP and announces them again. Returns whether it did.
    /// </summary>
    public bool OnAddressDeleted(TimeSpan now, string interfaceName, IPAddress address)
    {
        if (IsStopping || !HoldsVirtualAddresses)
        {
            return false;
        }
        if (!_addresses.IsTracked(interfaceName, address) || _ports.Addresses.ListAddresses(interfaceName).Any(present => present.Address.Equals(address)))
        {
            return false;
        }
        EngineLog.VirtualAddressDeleted(_logger, Name, address.ToString(), interfaceName);
        var steppedBack = false;
        Apply(now, (router, actions) => steppedBack = router.OnVirtualAddressDeleted(now, actions));
        return steppedBack;
    }

    public void SetInterfaceState(TimeSpan now, bool isUp)
    {
        if (IsStopping)
        {
            return;
        }
        _actions.Clear();
        Router.SetInterfaceState(now, PrimaryInterfaceCounts(isUp), _actions);
        Execute(now);
    }

    public void OnTimer(TimeSpan now)
    {
        if (Router.NextDeadline <= now)
        {
            _actions.Clear();
            Router.OnTimer(now, _actions);
            Execute(now);
        }
        if (_addresses.NextRefreshAt <= now)
        {
            _addresses.Refresh(now);
        }
        if (_peers.TakeProbeRound(now) is { } round)
        {
            SendProbes(round);
        }
        RefreshWarnings(now);
    }

    /// <summary>
    /// A node answered or announced an address on the segment: one of our VIPs (evidence of a second holder unless
    /// the MAC is ours), or a peer's own address (its MAC, to name it by).
    /// </summary>
    public void OnAddressClaim(TimeSpan now, AddressClaimHeard claim)
    {
        if (IsStopping)
        {
            return;
        }
        if (_addresses.Contains(claim.InterfaceName, claim.Address))
        {
            _peers.OnVirtualAddressClaim(now, claim.Address, claim.HardwareAddress, claim.IsOwn);
        }
        else if (claim.InterfaceName == TransportKey.InterfaceName && !claim.IsOwn && _peers.IsPeer(claim.Address))
        {
            _peers.OnPeerClaim(claim.Address, claim.HardwareAddress);
        }
        else
        {
            return;
        }
        RefreshWarnings(now);
    }

    /// <summary>
    /// An advert for our VRID that decoded cleanly: check it against our profile, then feed the router. Returns the
    /// verdict so that advert.watch reports it (docs/control-protocol.md).
    /// </summary>
    public AdvertisementVerdict OnAdvert(TimeSpan now, in AdvertisementPacket received)
    {
        var fromFollowedMaster = Router.State == VrrpState.Backup && Router.MasterAddress == received.Source;
        var verdict = AdvertisementValidator.Validate(received, Profile, checkAddresses: !(Profile.SkipAddressCheckFromMaster && fromFollowedMaster));
        AdvertCounters.Record(verdict, received.ChecksumVariant);
        if (!verdict.IsAccepted)
        {
            LogRejection(now, RejectionText.Describe(verdict.RejectReason, received, Profile), received.Source);
            return verdict;
        }
        if (verdict.Warning == AdvertisementWarning.AddressListMismatch)
        {
            LogRejection(now, "advertisement carries a different VIP list (another cluster on this VRID?)", received.Source, discarding: false);
        }

        var advertisement = received.Advertisement;
        RecordPeer(now, received);
        if (IsStopping && !IsHandingOver)
        {
            return verdict;
        }

        var interval = advertisement.AdvertInterval;
        _actions.Clear();
        Router.OnAdvert(now, new PeerAdvert(received.Source, advertisement.Priority, interval), _actions);
        if (received.Source != SourceAddress && !IsStopping)
        {
            _peers.OnAdvertHeard(now, received.Source, advertisement.Priority,
                interval > MinimumAdvertInterval ? interval : MinimumAdvertInterval, Router.MasterDownInterval, Router.State);
        }
        Execute(now);
        return verdict;
    }

    /// <summary>
    /// Steps down (<see cref="VrrpRouter.StepDown"/>). A backup's hold is answered at once; a master's hand-over is
    /// answered when the router reports its outcome, from a later step of the loop, so nothing here waits for the wire.
    /// </summary>
    public void StepDown(TimeSpan now, StepDownCommand command)
    {
        if (IsStopping)
        {
            command.Completion.TrySetResult(CommandResult.InstanceNotFound);
            return;
        }
        var result = StepDownResult.Unchanged;
        Apply(now, (router, actions) => result = router.StepDown(now, actions));
        switch (result)
        {
            case StepDownResult.HandingOver or StepDownResult.AlreadyHandingOver:
                _pendingStepDowns.Add((command, result == StepDownResult.HandingOver));
                break;
            default:
                command.Completion.TrySetResult(new CommandResult(CommandOutcome.Done, result == StepDownResult.HoldSet));
                break;
        }
    }

    /// <summary>The loop ends without a goodbye: nobody is left to report how a step-down ended.</summary>
    public void CancelPendingCommands()
    {
        foreach (var (command, _) in _pendingStepDowns)
        {
            command.Completion.TrySetCanceled();
        }
        _pendingStepDowns.Clear();
    }

    /// <summary>
    /// Graceful stop: the router hands over (a master keeps its VIPs until the new master is heard, at most
    /// <see cref="VrrpRouter.HandOverBound"/>; a backup just stops), and the peers are watched no more.
    /// </summary>
    public void BeginStop(TimeSpan now)
    {
        if (IsStopping)
        {
            return;
        }
        IsStopping = true;
        _actions.Clear();
        Router.Shutdown(now, _actions, handOver: true);
        Execute(now);
        _peers.Stop();
        RefreshWarnings(now);
    }

    public InstanceStatus ToStatus() => new()
    {
        Name = Name,
        InterfaceName = TransportKey.InterfaceName,
        VirtualRouterId = Config.VirtualRouterId,
        State = Router.State,
        BasePriority = Router.BasePriority,
        EffectivePriority = Router.EffectivePriority,
        PriorityOverride = Router.PriorityOverride,
        PriorityOverrideExpiresAt = Router.PriorityOverrideExpiresAt,
        Version = Profile.Version,
        AdvertInterval = Config.AdvertInterval,
        MasterAdvertInterval = Router.MasterAdvertInterval,
        Preempt = Config.Preempt,
        PreemptDelay = Config.PreemptDelay,
        VirtualAddresses = Config.VirtualIpAddresses,
        ExcludedVirtualAddresses = Config.ExcludedVirtualIpAddresses,
        AddressListMismatches = AdvertCounters.Warned(AdvertisementWarning.AddressListMismatch),
        TransitionCount = Router.TransitionCount,
        MasterAddress = Router.MasterAddress?.ToIPAddress(),
        MasterPriority = Router.MasterPriority,
        LastTransitionAt = Router.LastTransitionAt,
        LastTransitionReason = Router.LastTransitionReason,
        IsSteppedDown = Router.IsSteppedDown,
        HasTakenOver = Router.HasTakenOver,
        HoldsVirtualAddresses = HoldsVirtualAddresses,
        IsHandingOver = IsHandingOver,
        Counters = Router.Counters,
        Rejections = RejectionText.Counts(AdvertCounters),
        Peers = _peers.Describe(),
        Warnings = Warnings,
        IsWaitingForTracking = _waitingForTracking,
        TrackedObjects = Tracking is null ? ValueList<TrackedObjectStatus>.Empty : new(Tracking.Describe().Objects),
        SyncGroup = SyncGroup?.Name,
        SyncGroupState = SyncGroup?.State,
    };

    private void Execute(TimeSpan now)
    {
        VrrpAction? stepDownFinished = null;
        foreach (var action in _actions.Actions)
        {
            switch (action.Kind)
            {
                case VrrpActionKind.SendAdvert:
                    SendAdvert(action.Priority);
                    break;
                case VrrpActionKind.AddVirtualAddresses:
                    _addresses.Add(now);
                    break;
                case VrrpActionKind.RemoveVirtualAddresses:
                    _addresses.Remove();
                    break;
                case VrrpActionKind.SendGratuitousArp:
                    _addresses.Announce(action.Count);
                    break;
                case VrrpActionKind.RunNotify:
                    Notify(action.Notify);
                    break;
                case VrrpActionKind.Log:
                    Log(action.LogEvent);
                    break;
                case VrrpActionKind.StepDownFinished:
                    // Answered after the rest of this step's actions (the VIPs' removal among them) are carried out.
                    stepDownFinished = action;
                    break;
            }
        }
        _actions.Clear();
        if (!IsStopping)
        {
            _peers.OnState(now, Router.State);
        }
        RefreshWarnings(now);
        if (Router.TransitionCount != _transitionsReported)
        {
            _transitionsReported = Router.TransitionCount;
            StateChanged?.Invoke();
        }
        if (stepDownFinished is { } finished)
        {
            AnswerStepDowns(finished.StepDownOutcome, finished.Waited);
        }
    }

    private void AnswerStepDowns(StepDownOutcome outcome, TimeSpan waited)
    {
        var result = outcome switch
        {
            StepDownOutcome.NewMasterHeard => new CommandResult(CommandOutcome.Done),
            StepDownOutcome.NobodyTookOver => new CommandResult(
                CommandOutcome.NotPossible,
                Reason: string.Create(CultureInfo.InvariantCulture, $"no backup took over within {waited.TotalSeconds:0.##} s; still master")),
            _ => new CommandResult(
                CommandOutcome.NotPossible,
                Reason: $"the step-down ended before a new master was heard; the instance is {Router.State.ToString().ToUpperInvariant()}"),
        };
        foreach (var (command, changed) in _pendingStepDowns)
        {
            command.Completion.TrySetResult(result with { Changed = changed && outcome == StepDownOutcome.NewMasterHeard });
        }
        _pendingStepDowns.Clear();
    }

    private void SendAdvert(int priority)
    {
        if (!_hasSourceAddress)
        {
            return;
        }
        foreach (var destination in _destinations)
        {
            // The VRRPv3 checksum covers the destination, so each unicast peer gets its own copy.
            var length = AdvertisementWriter.Write(_advertBuffer, Profile, (byte)priority, SourceAddress, destination);
            try
            {
                _transport.Send(_advertBuffer.AsSpan(0, length), SourceAddress, destination, Profile.SendTimeToLive);
            }
            catch (Exception exception) when (exception is IOException or SocketException or InvalidOperationException or ObjectDisposedException)
            {
                EngineLog.PortFailed(_logger, Name, $"sending an advert to {destination}", exception.Message);
            }
        }
    }

    private void Notify(NotifyKind kind) =>
        Try("notify " + kind, () => _ports.Notifier.Notify(new InstanceNotification(Name, kind, Router.EffectivePriority, Config.Notify)));

    private void Log(in VrrpLogEvent logEvent)
    {
        var level = EngineLog.LevelOf(logEvent.Kind);
        if (_logger.IsEnabled(level))
        {
            EngineLog.RouterEvent(_logger, level, logEvent.Format(Name));
        }
    }

    private void LogRejection(TimeSpan now, string reason, VrrpAddress source, bool discarding = true)
    {
        if (_rejectionLog.TryEnter(now, out var suppressed))
        {
            EngineLog.AdvertRejected(_logger, Name, reason, source.ToString(), discarding ? suppressed : " - kept" + suppressed);
        }
    }

    private void RecordPeer(TimeSpan now, in AdvertisementPacket received)
    {
        if (received.Source == SourceAddress)
        {
            return;
        }
        var news = _peers.OnAdvert(now, received, Tracking);
        if (news.ChecksumVariantChanged)
        {
            EngineLog.PeerChecksumVariant(_logger, Name, received.Source.ToString(), received.ChecksumVariant);
        }
        LogNeverFailsOver(news.NeverFailsOver);
    }

    private void LogNeverFailsOver(IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            EngineLog.NeverFailsOver(_logger, Name, DiagnosticCodes.TrackedFailureNeverFailsOver, warning);
        }
    }

    /// <summary>Carries out a probe round: our VIPs on the interfaces they live on, peers on the VRRP interface.</summary>
    private void SendProbes(ProbeRound round)
    {
        if (round.VirtualAddresses)
        {
            _addresses.Probe();
        }
        // Most rounds have no peer to probe (a master that hears nobody): those allocate nothing here.
        if ((round.Peers.Count > 0 || Config.UnicastPeers.Count > 0) && TransportKey.InterfaceName.Length > 0)
        {
            ProbePeers(round.Peers);
        }
    }

    // A method of its own: the lambda's capture of the list would otherwise allocate on every round, peers or not.
    private void ProbePeers(IReadOnlyList<IPAddress> heard)
    {
        IReadOnlyList<IPAddress> peers = Config.UnicastPeers.Count == 0 ? heard : [.. heard.Union(Config.UnicastPeers.Select(peer => peer.Address))];
        Try(_peerProbeOperation, () => _ports.AddressProbe.Probe(TransportKey.InterfaceName, peers));
    }

    /// <summary>Brings <see cref="Warnings"/> up to date and logs the split-brain evidence that appeared or cleared.</summary>
    private void RefreshWarnings(TimeSpan now)
    {
        var waiting = _waitingForTracking && !IsStopping
            ? StandingWarnings.WaitingForTracking(
                _waitingSince, Tracking?.Describe().Objects.Where(tracked => tracked.State == "INIT").Select(tracked => tracked.Name) ?? [])
            : null;
        foreach (var entry in _peers.Refresh(now, Router.EffectivePriority, IsStopping, waiting))
        {
            if (entry.Kind == WarningLogKind.Cleared)
            {
                EngineLog.SplitBrainCleared(_logger, Name, entry.Warning.Message);
            }
            else
            {
                EngineLog.SplitBrainEvidence(_logger, Name, entry.Warning.Message, entry.Warning.Hint ?? string.Empty);
            }
        }
    }

    private void Try(string operation, Action action) => PortCall.Try(_logger, Name, operation, action);

    private static TimeSpan? Earliest(TimeSpan? left, TimeSpan? right) =>
        left is null ? right : right is null ? left : left < right ? left : right;
}
