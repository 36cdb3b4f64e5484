using System.Globalization;
using HaVrrp.Engine.Control;

namespace HaVrrp.Service;

/// <summary>
/// <c>havrrpd --status [--json] [--socket PATH]</c>: asks the running daemon for its instances. A table for
/// people; with <c>--json</c> exactly <c>instance.list</c>'s result, for jq and Ansible users without pwsh.
/// </summary>
public static class StatusCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await using var client = await VrrpControlClient.ConnectAsync(commandLine.SocketPath, cancellationToken).ConfigureAwait(false);
            var instances = await client.ListInstancesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (commandLine.Json)
            {
                await output.WriteLineAsync(JsonRpcWire.ToJson(new InstanceListResult(instances), ControlJsonContext.Default.InstanceListResult)).ConfigureAwait(false);
            }
            else
            {
                await output.WriteAsync(Table(instances)).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        }
        catch (VrrpControlException exception)
        {
            await error.WriteLineAsync($"havrrpd: {exception.Message}").ConfigureAwait(false);
            return ExitCodeFor(exception.Kind);
        }
    }

    /// <summary>Not running and not allowed each have their own exit code, so scripts can tell them apart.</summary>
    public static int ExitCodeFor(ControlErrorKind kind) => kind switch
    {
        ControlErrorKind.DaemonUnavailable => ExitCodes.DaemonNotRunning,
        ControlErrorKind.AccessDenied => ExitCodes.PermissionDenied,
        _ => ExitCodes.EngineFailed,
    };

    /// <summary>One line per instance: what an operator looks at first.</summary>
    public static string Table(IReadOnlyList<InstanceInfo> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        string[] header = ["NAME", "STATE", "PRIORITY", "VRID", "INTERFACE", "VIPS", "MASTER"];
        var rows = instances.Select(instance => new[]
        {
            instance.Name,
            instance.State.ToString().ToUpperInvariant() + HoldSuffix(instance.Hold),
            instance.EffectivePriority == instance.BasePriority
                ? instance.EffectivePriority.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{instance.EffectivePriority} (base {instance.BasePriority})"),
            instance.VirtualRouterId.ToString(CultureInfo.InvariantCulture),
            instance.Interface,
            string.Join(',', instance.VirtualAddresses),
            instance.MasterAddress is { } master
                ? string.Create(CultureInfo.InvariantCulture, $"{master} ({instance.MasterPriority})")
                : "-",
        }).ToList();
        var widths = header.Select((title, column) => rows.Select(row => row[column].Length).Append(title.Length).Max()).ToArray();
        var text = new System.Text.StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            text.AppendJoin("  ", row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]))).Append('\n');
        }
        return text.ToString();
    }

    private static string HoldSuffix(InstanceHold hold) => hold switch
    {
        InstanceHold.SteppedDown => " (stepped down)",
        InstanceHold.TakenOver => " (taken over)",
        _ => string.Empty,
    };
}
