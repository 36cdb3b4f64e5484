using System.Threading.Channels;
using HaVrrp.Engine.Configuration.Syntax;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
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
        Dispatch(NotifySubject.Instance, notification.InstanceName, notification.Kind, notification.Priority, notification.Scripts);
    }

    /// <summary>A sync group's notify_* script, then <c>notify</c> with GROUP, name, state and 0, then the FIFO line.</summary>
    public void NotifyGroup(GroupNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        Dispatch(NotifySubject.Group, notification.GroupName, notification.Kind, priority: 0, notification.Scripts);
    }

    private void Dispatch(NotifySubject subject, string name, NotifyKind kind, int priority, NotifyConfig scripts)
    {
        var state = StateOf(kind);
        var own = kind switch
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
            Start(own, ScriptArguments.Split(own.Command), name);
        }
        // keepalived calls the plain notify script for state changes only, not for a lower-priority advert.
        if (scripts.Any is { } any && kind != NotifyKind.MasterReceivedLowerPriority)
        {
            Start(any, NotifyArguments.ForNotifyScript(ScriptArguments.Split(any.Command), subject, name, state, priority), name);
        }
        if (_global.NotifyFifo is not null || _global.VrrpNotifyFifo is not null)
        {
            _fifoLines.Writer.TryWrite(NotifyArguments.FifoLine(subject, name, state, priority));
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
