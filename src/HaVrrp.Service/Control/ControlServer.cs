using System.Net.Sockets;
using HaVrrp.Engine.Control;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Service.Control;

/// <summary>
/// Accepts clients on the control socket (docs/control-protocol.md): identifies each by SO_PEERCRED, refuses
/// the ones over <see cref="ControlProtocol.MaxConnections"/> with a TooManyConnections error line, and runs
/// the others until they hang up or the daemon stops. Removes the socket file on stop.
/// </summary>
internal sealed partial class ControlServer(ControlSocketFile socketFile, ControlAccess access, ControlDispatcher dispatcher, ILogger logger)
    : BackgroundService
{
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(1);

    private readonly OpenConnections _connections = new();

    /// <summary>Clients connected now.</summary>
    public int ConnectionCount => _connections.Count;

    public string SocketPath => socketFile.Path;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await _connections.WhenAllClosedAsync(cancellationToken).ConfigureAwait(false);
        socketFile.Dispose();
    }

    public override void Dispose()
    {
        socketFile.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The group as the socket was given it, not looked up again: an NSS lookup takes milliseconds (docs/performance.md,
        // "Start-up, second pass"), and each connection looks it up anyway (ControlAccess).
        LogListening(logger, socketFile.Path, socketFile.AdminGroupId is null ? "root only (no group " + access.AdminGroupName + ")" : "root and group " + access.AdminGroupName);
        if (socketFile.OwnershipProblem is { } problem)
        {
            LogOwnershipProblem(logger, problem);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await socketFile.Listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                // EMFILE and friends: this client is lost, the next may fare better.
                LogAcceptFailed(logger, exception.Message);
                continue;
            }
            if (ConnectionCount >= ControlProtocol.MaxConnections)
            {
                _ = RefuseAsync(client);
                continue;
            }
            _connections.Track(ServeAsync(client, stoppingToken));
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var caller = access.Identify(PeerCredentials.Of(client));
            using var connection = new ControlConnection(client, caller, dispatcher);
            await connection.RunAsync(stoppingToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One client's trouble (credentials unreadable, a bug) must not stop the accept loop.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogConnectionFailed(logger, exception.Message);
            client.Dispose();
        }
    }

    /// <summary>Over the limit: one error line (if the client reads it within a second), then close.</summary>
    private static async Task RefuseAsync(Socket client)
    {
        using var timeout = new CancellationTokenSource(RefusalTimeout);
        var refusal = JsonRpcWire.Error(null, ControlErrorKind.TooManyConnections,
            $"havrrpd serves at most {ControlProtocol.MaxConnections} control connections at once; try again later",
            new ControlErrorData(nameof(ControlErrorKind.TooManyConnections)) { Limit = ControlProtocol.MaxConnections });
        try
        {
            await client.SendAsync(refusal, SocketFlags.None, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            // It did not wait for the answer.
        }
        await GracefulClose.CloseAsync(client).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Control socket {Path} listening; changes allowed to {Who}")]
    private static partial void LogListening(ILogger logger, string path, string who);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control socket: {Problem}")]
    private static partial void LogOwnershipProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control socket: accept failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control socket: a connection failed: {Error}")]
    private static partial void LogConnectionFailed(ILogger logger, string error);
}
