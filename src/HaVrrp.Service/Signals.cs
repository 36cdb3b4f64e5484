using System.Runtime.InteropServices;
using HaVrrp.Engine.Platform.Linux;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Service;

/// <summary>
/// The daemon's signals, replacing the host's console lifetime: SIGTERM and SIGINT stop gracefully (masters hand
/// over), SIGHUP reloads the configuration (systemd's ExecReload). The registrations live as long as the host.
/// </summary>
internal sealed class Signals(IHostApplicationLifetime lifetime, EngineHost engineHost, ILogger<Signals> logger) : IHostLifetime, IDisposable
{
    private const int Hangup = 1;
    private const int Interrupt = 2;
    private const int Terminate = 15;

    private readonly List<PosixSignalRegistration> _registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
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
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
        // Cancel the default (terminate now): the host stops, and EngineHost hands over before the process exits.
        context.Cancel = true;
        lifetime.StopApplication();
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
}
