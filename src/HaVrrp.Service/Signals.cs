using System.Runtime.InteropServices;
using HaVrrp.Engine.Platform.Linux.Native;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Service;

/// <summary>
/// The daemon's signals: SIGTERM and SIGINT stop gracefully (masters hand
/// over), SIGHUP reloads the configuration (systemd's ExecReload), and keepalived's dump signals (SIGUSR1 data,
/// SIGUSR2 and STATS_CLEAR statistics, the JSON signal) write its dump files. Without a handler those three would end
/// the process, and keepalived's monitoring sends them routinely. The registrations live until the daemon has stopped.
/// </summary>
internal sealed class Signals(Action requestStop, EngineHost engineHost, ILogger<Signals> logger) : IDisposable
{
    private const int Hangup = 1;
    private const int Interrupt = 2;
    private const int Terminate = 15;

    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <summary>Takes over the signals; called before any service starts, so that none is missed.</summary>
    public void Register()
    {
        foreach (var signal in InheritedSignalActions.RestoreIgnored(Hangup, Interrupt, Terminate))
        {
            logger.LogWarning(
                "{Signal} was ignored when havrrpd started (nohup, or a shell's background job); restored its default so that havrrpd handles it",
                NameOf(signal));
        }
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, Reload));
        // Raw signal numbers: PosixSignal names only the portable signals.
        _registrations.Add(PosixSignalRegistration.Create((PosixSignal)KeepalivedSignals.Data, context => Dump(context, DumpKind.Data)));
        _registrations.Add(PosixSignalRegistration.Create((PosixSignal)KeepalivedSignals.Stats, context => Dump(context, DumpKind.Stats)));
        _registrations.Add(PosixSignalRegistration.Create((PosixSignal)KeepalivedSignals.StatsClear, context => Dump(context, DumpKind.Stats)));
        _registrations.Add(PosixSignalRegistration.Create((PosixSignal)KeepalivedSignals.Json, context => Dump(context, DumpKind.Json)));
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _registrations.Clear();
    }

    private void Stop(PosixSignalContext context)
    {
        // Cancel the default (terminate now): the services stop, and EngineHost hands over before the process exits.
        context.Cancel = true;
        requestStop();
    }

    private static string NameOf(int signal) => signal switch
    {
        Hangup => "SIGHUP",
        Interrupt => "SIGINT",
        _ => "SIGTERM",
    };

    private void Reload(PosixSignalContext context)
    {
        context.Cancel = true;
        engineHost.RequestReload();
    }

    private void Dump(PosixSignalContext context, DumpKind kind)
    {
        context.Cancel = true;
        engineHost.RequestDump(kind);
    }
}
