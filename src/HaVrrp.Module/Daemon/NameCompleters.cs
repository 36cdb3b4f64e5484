using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using HaVrrp.Engine.Control;

namespace HaVrrp.PowerShell.Daemon;

/// <summary>
/// Tab completion from the running daemon. Completion must never get in the way: when nobody answers on the
/// socket (or not within <see cref="Patience"/>), it offers nothing and says nothing.
/// </summary>
public abstract class DaemonNameCompleter : IArgumentCompleter
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var pattern = WildcardPattern.Get(typed + "*", WildcardOptions.IgnoreCase);
        var socketPath = fakeBoundParameters?["SocketPath"] as string;
        IReadOnlyList<(string Name, string Tooltip)> names;
        try
        {
            using var patience = new CancellationTokenSource(Patience);
            names = Task.Run(() => NamesAsync(socketPath, patience.Token), patience.Token).GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is VrrpControlException or OperationCanceledException or IOException)
        {
            return [];
        }
        return names
            .Where(name => pattern.IsMatch(name.Name))
            .Select(name => new CompletionResult(Quoted(name.Name), name.Name, CompletionResultType.ParameterValue, name.Tooltip))
            .ToList();
    }

    /// <summary>Each name the daemon knows, with a tooltip.</summary>
    protected abstract Task<IReadOnlyList<(string Name, string Tooltip)>> NamesAsync(VrrpControlClient client, CancellationToken cancellationToken);

    private async Task<IReadOnlyList<(string Name, string Tooltip)>> NamesAsync(string? socketPath, CancellationToken cancellationToken)
    {
        await using var client = await VrrpControlClient.ConnectAsync(socketPath, cancellationToken).ConfigureAwait(false);
        return await NamesAsync(client, cancellationToken).ConfigureAwait(false);
    }

    private static string Quoted(string name) =>
        name.Any(character => char.IsWhiteSpace(character) || "'\"$`;,(){}@#&|<>".Contains(character, StringComparison.Ordinal))
            ? $"'{name.Replace("'", "''", StringComparison.Ordinal)}'"
            : name;
}

/// <summary>Completes -Name with the instances the daemon runs.</summary>
public sealed class InstanceNameCompleter : DaemonNameCompleter
{
    protected override async Task<IReadOnlyList<(string Name, string Tooltip)>> NamesAsync(VrrpControlClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instances = await client.ListInstancesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. instances.Select(instance => (instance.Name, $"{instance.Name}: {instance.State}, VRID {instance.VirtualRouterId} on {instance.Interface}"))];
    }
}

/// <summary>Completes -Name with the vrrp_scripts the daemon runs.</summary>
public sealed class ScriptNameCompleter : DaemonNameCompleter
{
    protected override async Task<IReadOnlyList<(string Name, string Tooltip)>> NamesAsync(VrrpControlClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var scripts = await client.ListScriptsAsync(cancellationToken).ConfigureAwait(false);
        return [.. scripts.Select(script => (script.Name, $"{script.Name}: {script.Status}, {script.Command}"))];
    }
}
