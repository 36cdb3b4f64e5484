using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// Everything that reaches the engine loop: packets, link changes, tracking verdicts, commands, requests.
/// Posted from any thread; handled one at a time by the loop, which alone owns instance state.
/// </summary>
public abstract record EngineEvent;

/// <summary>
/// A VRRP message a transport received, with the source, destination and TTL / hop limit the IP layer reported
/// (for IPv4 the Linux transport reads them from the header, <see cref="IPv4Header"/>; IPv6 reports them beside the
/// payload). Transports hand these to a <see cref="PacketSink"/>, which copies them into events the loop takes from a
/// pool and hands back once handled, so that receiving an advert allocates nothing (docs/performance.md, "Garbage per
/// advert"); a test may post one it made itself. The engine owns <see cref="Message"/> once posted.
/// </summary>
public sealed record PacketReceived : EngineEvent
{
    private byte[] _buffer;

    public PacketReceived(TransportKey transport, ReadOnlyMemory<byte> message, VrrpAddress source, VrrpAddress destination, int timeToLive)
    {
        _buffer = [];
        Transport = transport;
        Message = message;
        Source = source;
        Destination = destination;
        TimeToLive = timeToLive;
    }

    public TransportKey Transport { get; private set; }

    public ReadOnlyMemory<byte> Message { get; private set; }

    public VrrpAddress Source { get; private set; }

    public VrrpAddress Destination { get; private set; }

    public int TimeToLive { get; private set; }

    /// <summary>A pooled event, refilled for each packet (<see cref="ReceivedPacketPool"/>).</summary>
    internal bool IsPooled { get; private init; }

    internal static PacketReceived Pooled() => new(default, ReadOnlyMemory<byte>.Empty, default, default, 0) { IsPooled = true };

    /// <summary>Copies a received message into this pooled event; its buffer grows to the longest message seen.</summary>
    internal void Fill(TransportKey transport, ReadOnlySpan<byte> message, VrrpAddress source, VrrpAddress destination, int timeToLive)
    {
        if (_buffer.Length < message.Length)
        {
            _buffer = new byte[message.Length];
        }
        message.CopyTo(_buffer);
        Transport = transport;
        Message = _buffer.AsMemory(0, message.Length);
        Source = source;
        Destination = destination;
        TimeToLive = timeToLive;
    }
}

/// <summary>The link monitor saw an interface go down or come up.</summary>
public sealed record LinkStateChanged(string InterfaceName, bool IsUp) : EngineEvent;

/// <summary>The kernel reported an address removed from an interface (by hand, by expiry, or by havrrpd itself).</summary>
public sealed record AddressDeleted(string InterfaceName, System.Net.IPAddress Address) : EngineEvent;

/// <summary>
/// The address monitor has just started listening, or lost notifications: deletions before that were not seen, so
/// what should be there is looked at again.
/// </summary>
public sealed record AddressesToRecheck : EngineEvent;

/// <summary>
/// A node on the interface's segment answered a probe for <paramref name="Address"/> or announced it (ARP reply,
/// gratuitous ARP, neighbour advertisement), from <paramref name="HardwareAddress"/> (aa:bb:cc:dd:ee:ff);
/// <paramref name="IsOwn"/> when that is this host's own interface (a reflected frame of ours).
/// </summary>
public sealed record AddressClaimHeard(string InterfaceName, System.Net.IPAddress Address, string HardwareAddress, bool IsOwn) : EngineEvent;

/// <summary>The tracking subsystem's verdict for one instance (see <see cref="VrrpRouter.SetTrackingState"/>).</summary>
public sealed record TrackingChanged(string InstanceName, int WeightSum, bool AnyZeroWeightFailed) : EngineEvent;

/// <summary>One run of a vrrp_script ended (posted by <see cref="ScriptScheduler"/>, once per run however many instances track it).</summary>
public sealed record ScriptResult(string ScriptName, ScriptRunResult Result) : EngineEvent;

/// <summary>A vrrp_track_file's content changed; null when the file is missing or unreadable (which reads as 0).</summary>
public sealed record TrackFileChanged(string TrackFileName, string? Content) : EngineEvent;

/// <summary>The number of running processes a vrrp_track_process matches changed (posted by the process watcher).</summary>
public sealed record TrackedProcessCount(string TrackProcessName, int Count, ProcessChangeCause Cause) : EngineEvent;

/// <summary>The process watcher follows processes through <paramref name="Method"/> from now on.</summary>
public sealed record ProcessMonitorChanged(ProcessMonitorMethod Method) : EngineEvent;

/// <summary>Base of requests that report back through a task.</summary>
public abstract record EngineRequest<TResult> : EngineEvent, IEngineRequest
{
    internal TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Task => Completion.Task;

    void IEngineRequest.Cancel() => Completion.TrySetCanceled();
}

/// <summary>A request the loop can cancel when it ends before answering.</summary>
internal interface IEngineRequest
{
    void Cancel();
}

/// <summary>Outcome of a runtime command on one instance.</summary>
public enum CommandOutcome
{
    Done,
    InstanceNotFound,

    /// <summary>The instance cannot do it now (e.g. take over while in FAULT).</summary>
    NotPossible,
}

/// <summary>Use <paramref name="Priority"/> instead of the base priority until <paramref name="Expiry"/> has passed; null clears.</summary>
public sealed record OverridePriorityCommand(string InstanceName, int? Priority, TimeSpan? Expiry = null) : EngineRequest<CommandOutcome>;

/// <summary>
/// A command's outcome, whether it changed anything, and for <see cref="CommandOutcome.NotPossible"/> why, in
/// words for the operator.
/// </summary>
public sealed record CommandResult(CommandOutcome Outcome, bool Changed = false, string? Reason = null)
{
    public static CommandResult InstanceNotFound { get; } = new(CommandOutcome.InstanceNotFound);
}

/// <summary>
/// Hand mastership over and stop preempting until cleared (<paramref name="Clear"/> = true clears). On a master
/// the reply comes when the hand-over has ended (<see cref="VrrpRouter.StepDown"/>): the loop does not wait for it.
/// </summary>
public sealed record StepDownCommand(string InstanceName, bool Clear = false) : EngineRequest<CommandResult>;

/// <summary>Become master now (<paramref name="Release"/> = true ends a take-over).</summary>
public sealed record TakeOverCommand(string InstanceName, bool Release = false) : EngineRequest<CommandOutcome>;

/// <summary>A snapshot of every instance, taken inside the loop.</summary>
public sealed record StatusRequest : EngineRequest<EngineStatus>;

/// <summary>Every vrrp_script the engine runs, with its tracker's state.</summary>
public sealed record ScriptStatusRequest : EngineRequest<ValueList<ScriptStatusEntry>>;

/// <summary>Apply a new, already validated configuration (SIGHUP).</summary>
public sealed record ReloadRequest(HaVrrpConfiguration Configuration) : EngineRequest<ReloadPlan>;

/// <summary>Stop gracefully (SIGTERM): masters hand over, then the loop ends.</summary>
public sealed record StopRequest : EngineEvent;

/// <summary>Completes once every event posted before it has been handled and every timer due by then has fired.</summary>
internal sealed record BarrierRequest : EngineRequest<bool>;
