using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace HaVrrp.Service;

/// <summary>
/// The daemon's signals, replacing the host's console lifetime: SIGTERM and SIGINT stop gracefully (masters hand
/// over), SIGHUP reloads the configuration (systemd's ExecReload). The registrations live as long as the host.
/// </summary>
internal sealed class Signals(IHostApplicationLifetime lifetime, EngineHost engineHost) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
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

    private void Reload(PosixSignalContext context)
    {
        context.Cancel = true;
        engineHost.RequestReload();
    }
}
