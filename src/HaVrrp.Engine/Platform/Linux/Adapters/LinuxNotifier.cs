using System.Threading.Channels;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol;
using HaVrrp.Engine.Runtime;
using HaVrrp.Engine.Tracking;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>
/// Runs notify scripts and writes the notify FIFOs, as keepalived does: the state's own script
/// (notify_master, ...) first, then the plain <c>notify</c> with INSTANCE, name, state and priority.
/// Scripts start in the order of the transitions and are not waited for; the FIFO writer has its own
/// task, because opening a FIFO blocks until somebody reads it.
/// </summary>
public sealed class LinuxNotifier : INotifier, IAsyncDisposable
{
    /// <summary>keepalived never kills a notify script; HaVrrp does after this long, so none runs forever.</summary>
    public static readonly TimeSpan NotifyTimeout = TimeSpan.FromMinutes(5);

    private readonly IScriptRunner _runner;
    private readonly GlobalSettings _global;
    private readonly ILogger _logger;
    private readonly Channel<string> _fifoLines = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Task _fifoWriter;
    private readonly CancellationTokenSource _stop = new();

    public LinuxNotifier(IScriptRunner runner, GlobalSettings global, ILogger logger)
    {
        _runner = runner;
        _global = global;
        _logger = logger;
        _fifoWriter = Task.Run(WriteFifoLinesAsync);
    }

    public void Notify(InstanceNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var state = StateOf(notification.Kind);
        var scripts = notification.Scripts;
        var own = notification.Kind switch
        {
            NotifyKind.Master => scripts.Master,
            NotifyKind.Backup => scripts.Backup,
            NotifyKind.Fault => scripts.Fault,
            NotifyKind.Stop => scripts.Stop,
            NotifyKind.MasterReceivedLowerPriority => scripts.MasterRxLowerPriority,
            _ => null,
        };
        if (own is not null)
        {
            Start(own, ScriptArguments.Split(own.Command), notification.InstanceName);
        }
        if (scripts.Any is { } any && notification.Kind != NotifyKind.MasterReceivedLowerPriority)
        {
            var arguments = NotifyArguments.ForNotifyScript(
                ScriptArguments.Split(any.Command), NotifySubject.Instance, notification.InstanceName, state, notification.Priority);
            Start(any, arguments, notification.InstanceName);
        }
        if (_global.NotifyFifo is not null || _global.VrrpNotifyFifo is not null)
        {
            _fifoLines.Writer.TryWrite(NotifyArguments.FifoLine(NotifySubject.Instance, notification.InstanceName, state, notification.Priority));
        }
    }

    /// <summary>A sync group's notify_* script, then <c>notify</c> with GROUP, name, state and 0, then the FIFO line.</summary>
    public void NotifyGroup(GroupNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var state = StateOf(notification.Kind);
        var scripts = notification.Scripts;
        var own = notification.Kind switch
        {
            NotifyKind.Master => scripts.Master,
            NotifyKind.Backup => scripts.Backup,
            NotifyKind.Fault => scripts.Fault,
            NotifyKind.Stop => scripts.Stop,
            _ => null,
        };
        if (own is not null)
        {
            Start(own, ScriptArguments.Split(own.Command), notification.GroupName);
        }
        if (scripts.Any is { } any)
        {
            var arguments = NotifyArguments.ForNotifyScript(
                ScriptArguments.Split(any.Command), NotifySubject.Group, notification.GroupName, state, priority: 0);
            Start(any, arguments, notification.GroupName);
        }
        if (_global.NotifyFifo is not null || _global.VrrpNotifyFifo is not null)
        {
            _fifoLines.Writer.TryWrite(NotifyArguments.FifoLine(NotifySubject.Group, notification.GroupName, state, priority: 0));
        }
    }

    private void Start(NotifyScript script, IReadOnlyList<string> arguments, string instanceName)
    {
        var command = new ScriptCommand(arguments) { User = script.User ?? _global.ScriptUser, Timeout = NotifyTimeout };
        _ = RunAsync(command, instanceName);
    }

    private async Task RunAsync(ScriptCommand command, string instanceName)
    {
        var result = await _runner.RunAsync(command, _stop.Token).ConfigureAwait(false);
        if (result.StartError is { } error)
        {
            _logger.LogWarning("({Instance}) notify script {Program} could not start: {Error}", instanceName, command.Arguments[0], error);
        }
        else if (!result.Outcome.IsSuccess)
        {
            _logger.LogWarning("({Instance}) notify script {Program} {Outcome}", instanceName, command.Arguments[0], result.Outcome.Describe());
        }
    }

    private async Task WriteFifoLinesAsync()
    {
        await foreach (var line in _fifoLines.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            foreach (var fifo in new[] { _global.NotifyFifo, _global.VrrpNotifyFifo })
            {
                if (fifo is null)
                {
                    continue;
                }
                try
                {
                    await File.AppendAllTextAsync(fifo, line, _stop.Token).ConfigureAwait(false);
                }
                catch (IOException exception)
                {
                    _logger.LogWarning("Writing to notify FIFO {Fifo} failed: {Error}", fifo, exception.Message);
                }
                catch (UnauthorizedAccessException exception)
                {
                    _logger.LogWarning("Writing to notify FIFO {Fifo} failed: {Error}", fifo, exception.Message);
                }
            }
        }
    }

    private static NotifyState StateOf(NotifyKind kind) => kind switch
    {
        NotifyKind.Master => NotifyState.Master,
        NotifyKind.Backup => NotifyState.Backup,
        NotifyKind.Fault => NotifyState.Fault,
        NotifyKind.Stop => NotifyState.Stop,
        NotifyKind.MasterReceivedLowerPriority => NotifyState.MasterRxLowerPriority,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public async ValueTask DisposeAsync()
    {
        _fifoLines.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _fifoWriter.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Lines nobody read are dropped at shutdown, as keepalived drops them.
        }
        _stop.Dispose();
    }
}
