using System.Net.Sockets;
using System.Text;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Runtime;
using HaVrrp.Engine.Tracking;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Platform.Linux.Processes;

/// <summary>
/// Follows the processes every vrrp_track_process counts and posts <see cref="TrackedProcessCount"/> when a count
/// changes. It scans /proc once, then listens to the kernel's process events (<see cref="ProcessEventConnector"/>),
/// re-reading only the processes that exec or rename themselves. Where the kernel refuses the connector (any network
/// namespace but the initial one, see docs/configuration.md "vrrp_track_processes entries"), it scans /proc every
/// <see cref="ScanInterval"/> instead. Which of the two it uses is logged and posted (<see cref="ProcessMonitorChanged"/>),
/// so that track status shows it. Nothing runs while no block is configured.
/// </summary>
public sealed partial class ProcessWatcher : IEngineEventSource, IConfigurationFollower, IDisposable
{
    private const int ReceiveBufferBytes = 64 * 1024;

    private static readonly TimeSpan CancellationCheckInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private IReadOnlyList<TrackProcessConfig> _configs;
    private CancellationTokenSource _reconfigured = new();

    public ProcessWatcher(HaVrrpConfiguration configuration, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _configs = configuration.TrackProcesses;
        _time = time;
        _logger = logger;
    }

    /// <summary>How often /proc is scanned where the connector is refused.</summary>
    public TimeSpan ScanInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Tests set this to see the fallback in the initial namespace too.</summary>
    public bool UseConnector { get; init; } = true;

    /// <summary>The method in use; <see cref="ProcessMonitorMethod.Starting"/> until the first scan.</summary>
    public ProcessMonitorMethod Method { get; private set; }

    public async Task RunAsync(Func<EngineEvent, bool> post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        ProcessEventConnector? connector = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                IReadOnlyList<TrackProcessConfig> configs;
                CancellationToken reconfigured;
                lock (_gate)
                {
                    configs = _configs;
                    reconfigured = _reconfigured.Token;
                }
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, reconfigured);
                var census = new ProcessCensus(configs);
                if (census.IsEmpty)
                {
                    connector?.Dispose();
                    connector = null;
                    await WaitAsync(Timeout.InfiniteTimeSpan, linked.Token).ConfigureAwait(false);
                    continue;
                }
                connector ??= OpenConnector(post);
                var table = new ProcessTable { CommandLineBytes = CommandLineBytes(configs) };
                // Listening starts before the scan, so that no process slips between the two.
                Post(post, census.Rescan(table.Scan(census.NeedsCommandLine), initial: true));
                if (connector is not null)
                {
                    try
                    {
                        await FollowEventsAsync(connector, census, table, post, _logger, linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (linked.IsCancellationRequested)
                    {
                    }
                }
                else
                {
                    await ScanPeriodicallyAsync(census, table, post, linked.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            connector?.Dispose();
        }
    }

    public void Follow(HaVrrpConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        CancellationTokenSource previous;
        lock (_gate)
        {
            if (configuration.TrackProcesses == _configs)
            {
                return;
            }
            _configs = configuration.TrackProcesses;
            previous = _reconfigured;
            _reconfigured = new CancellationTokenSource();
        }
        // Ends the current wait; the loop then counts afresh with the new blocks.
        previous.Cancel();
        previous.Dispose();
    }

    private ProcessEventConnector? OpenConnector(Func<EngineEvent, bool> post)
    {
        ProcessEventConnector? connector = null;
        string method;
        if (!UseConnector)
        {
            method = "a /proc scan (the process-events connector is turned off)";
        }
        else
        {
            try
            {
                connector = ProcessEventConnector.Open();
                method = "the kernel's process-events connector (netlink)";
            }
            catch (SocketException exception)
            {
                method = exception.SocketErrorCode == SocketError.ConnectionRefused
                    ? "a /proc scan: the kernel refuses the process-events connector outside the initial network namespace"
                    : $"a /proc scan: the process-events connector failed ({exception.Message})";
            }
        }
        if (connector is null)
        {
            method += $", every {ScanInterval.TotalSeconds:0.###} s";
        }
        Method = connector is null ? ProcessMonitorMethod.ProcScan : ProcessMonitorMethod.Netlink;
        EngineLog.ProcessMonitorMethod(_logger, method);
        post(new ProcessMonitorChanged(Method));
        return connector;
    }

    private static Task FollowEventsAsync(
        ProcessEventConnector connector, ProcessCensus census, ProcessTable table, Func<EngineEvent, bool> post, ILogger logger, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () => FollowEvents(connector, census, table, post, logger, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Reads events on a thread of its own until cancelled (the end, or a reload). The receive wakes once a
    /// <see cref="CancellationCheckInterval"/> to look at the token; it never rereads /proc for that.
    /// </summary>
    private static void FollowEvents(
        ProcessEventConnector connector, ProcessCensus census, ProcessTable table, Func<EngineEvent, bool> post, ILogger logger, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReceiveBufferBytes];
        var events = new List<ProcessEvent>();
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = connector.Receive(buffer, CancellationCheckInterval);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
            {
                // The kernel dropped events: what they said is lost, so count everything again.
                LogEventsLost(logger);
                Post(post, census.Rescan(table.Scan(census.NeedsCommandLine), initial: false));
                continue;
            }
            events.Clear();
            ProcessEventConnector.Parse(buffer.AsSpan(0, received), events);
            foreach (var processEvent in events)
            {
                Post(post, processEvent.Kind switch
                {
                    ProcessEventKind.Fork => census.Fork(processEvent.ParentPid, processEvent.Pid),
                    ProcessEventKind.Exit => census.Exit(processEvent.Pid),
                    ProcessEventKind.Comm => census.NeedsComm
                        ? census.Examine(processEvent.Pid, table.Read(processEvent.Pid, withCommandLine: false), commOnly: true)
                        : [],
                    _ => census.Examine(processEvent.Pid, table.Read(processEvent.Pid, census.NeedsComm, census.NeedsCommandLine)),
                });
            }
        }
    }

    private async Task ScanPeriodicallyAsync(ProcessCensus census, ProcessTable table, Func<EngineEvent, bool> post, CancellationToken cancellationToken)
    {
        while (await WaitAsync(ScanInterval, cancellationToken).ConfigureAwait(false))
        {
            Post(post, census.Rescan(table.Scan(census.NeedsCommandLine), initial: false));
        }
    }

    /// <summary>False when cancelled (a reload or the end), true when the time has passed.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void Post(Func<EngineEvent, bool> post, IReadOnlyList<ProcessCountChange> changes)
    {
        foreach (var change in changes)
        {
            post(new TrackedProcessCount(change.Name, change.Count, change.Cause));
        }
    }

    /// <summary>The longest name and parameters any block compares, plus one byte (see <see cref="ProcessTable.CommandLineBytes"/>).</summary>
    private static int CommandLineBytes(IReadOnlyList<TrackProcessConfig> configs) =>
        configs.Max(config => config.Parameters.Prepend(config.Process).Sum(word => Encoding.UTF8.GetByteCount(word) + 1)) + 1;

    public void Dispose()
    {
        lock (_gate)
        {
            _reconfigured.Dispose();
        }
    }

    [LoggerMessage(EventId = 47, Level = LogLevel.Warning, Message = "Process events were lost (the kernel's queue overflowed); counting tracked processes again from /proc")]
    private static partial void LogEventsLost(ILogger logger);
}
