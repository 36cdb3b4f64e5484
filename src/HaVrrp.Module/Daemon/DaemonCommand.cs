using System.Management.Automation;
using HaVrrp.Engine.Control;

namespace HaVrrp.PowerShell.Daemon;

/// <summary>
/// The base of every cmdlet that talks to havrrpd: <c>-SocketPath</c>, one connection per invocation (opened on
/// first use and checked with <c>hello</c>), blocking on the async client, Ctrl+C, and turning every
/// <see cref="VrrpControlException"/> into an ErrorRecord through <see cref="DaemonErrors"/>.
/// </summary>
public abstract class DaemonCommand : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private VrrpControlClient? _client;
    private HelloResult? _hello;
    private string? _resolvedFrom;
    private string? _resolved;

    /// <summary>
    /// The control socket; default <c>$env:HAVRRP_SOCKET</c>, else /run/havrrp/havrrpd.sock. Binds from the
    /// pipeline by property name, so instances piped from <c>Get-VrrpInstance -SocketPath X</c> go back to X.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string SocketPath { get; set; } = ControlProtocol.ResolveSocketPath();

    /// <summary>Whether the user gave <paramref name="parameter"/> (for parameters whose absence means something).</summary>
    protected bool IsBound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

    /// <summary>Cancelled by Ctrl+C (StopProcessing): every daemon call takes it.</summary>
    protected CancellationToken CancellationToken => _stopping.Token;

    /// <summary>The connection of this invocation; connects (and checks the protocol) on first use.</summary>
    protected VrrpControlClient Client =>
        _client is { } client && client.SocketPath == ResolvedSocketPath ? client : Connect();

    /// <summary>Who the daemon is, as <c>hello</c> said when this invocation connected.</summary>
    protected HelloResult Daemon
    {
        get
        {
            _ = Client;
            return _hello!;
        }
    }

    /// <summary>The path as given, resolved against the current location (a relative -SocketPath works as in any cmdlet).</summary>
    protected string ResolvedSocketPath
    {
        get
        {
            // Resolving a provider path costs far more than a request; resolve once per distinct -SocketPath.
            if (_resolved is null || _resolvedFrom != SocketPath)
            {
                _resolved = ProviderPaths.Resolve(this, SocketPath);
                _resolvedFrom = SocketPath;
            }
            return _resolved;
        }
    }

    /// <summary>
    /// Waits for a daemon call on the pipeline thread. The client never captures a synchronization context, so
    /// blocking here cannot deadlock; Ctrl+C cancels the call, which ends the pipeline.
    /// </summary>
    protected T Await<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (VrrpControlException exception)
        {
            throw new DaemonCallFailedException(exception);
        }
    }

    /// <summary>
    /// Reads a stream on the pipeline thread, handing each item to <paramref name="onItem"/> until it returns false
    /// or the stream ends (its count or timeout). Ctrl+C cancels the subscription at the daemon and ends the
    /// pipeline; leaving early cancels it too, so the daemon stops sending at once.
    /// </summary>
    protected void ReadStream<T>(IAsyncEnumerable<StreamItem<T>> stream, Func<T, bool> onItem, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onItem);
        var enumerator = stream.GetAsyncEnumerator(CancellationToken);
        try
        {
            while (Await(enumerator.MoveNextAsync().AsTask()))
            {
                var current = enumerator.Current;
                if (current.Item is null)
                {
                    WriteWarning($"havrrpd dropped {current.Missed} {what} because this session read too slowly.");
                }
                else if (!onItem(current.Item))
                {
                    break;
                }
            }
        }
        finally
        {
            try
            {
                enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception exception) when (exception is VrrpControlException or OperationCanceledException)
            {
                // Ending the subscription failed: the connection is closed instead, and the caller learns nothing new.
            }
        }
    }

    /// <summary>Runs the cmdlet's work; an expected failure of the daemon becomes a terminating error, no stack trace.</summary>
    protected sealed override void ProcessRecord()
    {
        try
        {
            ProcessDaemonRecord();
        }
        catch (DaemonCallFailedException failure)
        {
            ThrowTerminatingError(DaemonErrors.Record(failure.Failure, ErrorTarget, AdminGroupHint));
        }
    }

    /// <summary>What ProcessRecord does in each cmdlet.</summary>
    protected abstract void ProcessDaemonRecord();

    /// <summary>The object a failure is about when no better one is known: the socket.</summary>
    protected virtual object ErrorTarget => ResolvedSocketPath;

    /// <summary>Writes a non-terminating error for one item (one instance) and lets the others go on.</summary>
    protected void WriteDaemonError(VrrpControlException failure, object target)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (DaemonErrors.EndsTheCommand(failure.Kind))
        {
            throw new DaemonCallFailedException(failure);
        }
        WriteError(DaemonErrors.Record(failure, target, AdminGroupHint));
    }

    /// <summary>Runs one daemon call for one item; an error about that item is written, and the rest go on.</summary>
    protected bool TryCall<T>(Func<CancellationToken, Task<T>> call, object target, out T result)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            result = Await(call(CancellationToken));
            return true;
        }
        catch (DaemonCallFailedException failure) when (!DaemonErrors.EndsTheCommand(failure.Failure.Kind))
        {
            WriteError(DaemonErrors.Record(failure.Failure, target, AdminGroupHint));
            result = default!;
            return false;
        }
    }

    /// <summary>
    /// The instances <paramref name="names"/> select (wildcards allowed); a literal name the daemon does not run
    /// is written as an InstanceNotFound error, and the others go on.
    /// </summary>
    protected IReadOnlyList<VrrpInstance> SelectInstances(IEnumerable<string>? names)
    {
        var selection = new NameSelection(names);
        var (selected, missing) = selection.Apply(ListInstances(selection), instance => instance.Name);
        foreach (var name in missing)
        {
            WriteDaemonError(NotFound(name, "instance"), name);
        }
        return [.. selected.Select(ToObject)];
    }

    /// <summary>
    /// Literal names are asked of the daemon, which then sends only those: one instance of 255 is a 1 KiB answer, not
    /// 240 KiB (docs/powershell.md, "Figures"). Wildcards, and a name the daemon does not know as spelled (PowerShell
    /// matches names case-insensitively, the daemon exactly), fall back to the whole list, matched here.
    /// </summary>
    private IReadOnlyList<InstanceInfo> ListInstances(NameSelection selection)
    {
        if (selection.LiteralNames is { } literal)
        {
            try
            {
                return Await(Client.ListInstancesAsync(literal, CancellationToken));
            }
            catch (DaemonCallFailedException failure) when (failure.Failure.Kind == ControlErrorKind.InstanceNotFound)
            {
                // Not as spelled: match case-insensitively against the whole list, which also names what is missing.
            }
        }
        return Await(Client.ListInstancesAsync(cancellationToken: CancellationToken));
    }

    /// <summary>
    /// The instance names a changing cmdlet acts on: a literal name as given (the daemon says when it does not
    /// exist), a wildcard expanded against the instances the daemon runs.
    /// </summary>
    protected IEnumerable<string> ExpandNames(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var literal = names.Where(name => !WildcardPattern.ContainsWildcardCharacters(name)).ToList();
        var patterns = names.Where(WildcardPattern.ContainsWildcardCharacters).ToList();
        if (patterns.Count == 0)
        {
            return literal;
        }
        var (matched, _) = new NameSelection(patterns).Apply(Await(Client.ListInstancesAsync(cancellationToken: CancellationToken)), instance => instance.Name);
        return literal.Concat(matched.Select(instance => instance.Name)).Distinct(StringComparer.Ordinal);
    }

    /// <summary>The PowerShell object of an instance the daemon described.</summary>
    protected VrrpInstance ToObject(InstanceInfo info) => VrrpInstance.From(info, ComputerName, Client.SocketPath);

    /// <summary>The host whose daemon answered: the one the socket lives on.</summary>
    protected static string ComputerName { get; } = Environment.MachineName;

    /// <summary>InstanceNotFound (or script not found) for a literal name that matched nothing.</summary>
    protected VrrpControlException NotFound(string name, string what) => new(
        ControlErrorKind.InstanceNotFound,
        $"havrrpd on {Client.SocketPath} runs no {what} named '{name}'",
        new ControlErrorData(nameof(ControlErrorKind.InstanceNotFound)) { Instance = name });

    /// <summary>A second connection, for work beside a call still running on <see cref="Client"/>.</summary>
    protected VrrpControlClient ConnectAnother() => Await(VrrpControlClient.ConnectAsync(ResolvedSocketPath, CancellationToken));

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client?.Dispose();
            _stopping.Dispose();
        }
    }

    private string? AdminGroupHint => _hello?.Caller.AdminGroup;

    /// <summary>Connects to the socket of the current record, closing the connection to another one first.</summary>
    private VrrpControlClient Connect()
    {
        _client?.Dispose();
        _client = null;
        var client = Await(VrrpControlClient.ConnectAsync(ResolvedSocketPath, CancellationToken));
        try
        {
            _hello = Await(client.HelloAsync(CancellationToken));
        }
        catch
        {
            client.Dispose();
            throw;
        }
        if (_hello.ProtocolVersion != ControlProtocol.Version)
        {
            client.Dispose();
            throw new DaemonCallFailedException(DaemonErrors.MismatchFailure(ResolvedSocketPath, _hello.ProtocolVersion, _hello.DaemonVersion));
        }
        _client = client;
        return client;
    }
}

/// <summary>Carries a daemon failure from deep in a cmdlet up to <see cref="DaemonCommand.ProcessRecord"/>.</summary>
internal sealed class DaemonCallFailedException(VrrpControlException failure) : Exception(failure.Message, failure)
{
    public VrrpControlException Failure => failure;
}
