using System.Management.Automation;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Control;
using HaVrrp.Engine.Platform.Linux.Adapters;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Checks a keepalived.conf or HaVrrp YAML file, like keepalived -t.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "VrrpConfiguration")]
[OutputType(typeof(ConfigLoadResult), typeof(bool))]
public sealed class TestVrrpConfigurationCommand : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [ConfigLoader.DefaultPath()];

    /// <summary>keepalived's -i: selects @ID conditional lines.</summary>
    [Parameter]
    public string? ConfigId { get; set; }

    /// <summary>Return only $true or $false, as Test-Connection -Quiet does.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>
    /// A running havrrpd whose peers' real priorities refine the fail-over check (HV0301). Default
    /// <c>$env:HAVRRP_SOCKET</c>, else /run/havrrp/havrrpd.sock, asked only when it exists; a daemon that does not
    /// answer within a second is skipped without a word (-Verbose says why).
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string SocketPath { get; set; } = ControlProtocol.ResolveSocketPath();

    private static readonly TimeSpan DaemonTimeout = TimeSpan.FromSeconds(1);

    private Dictionary<string, IReadOnlyList<PeerPriority>>? _peers;

    protected override void ProcessRecord()
    {
        var options = new ConfigLoadOptions { ConfigId = ConfigId, Environment = LinuxValidationEnvironment.ForThisHost() };
        foreach (var path in Path)
        {
            var result = ConfigLoader.Load(ProviderPaths.Resolve(this, path), options);
            if (result.Configuration is { } configuration && PeersHeardByTheDaemon() is { Count: > 0 } peers)
            {
                result = result with { Diagnostics = [.. result.Diagnostics, .. ConfigValidator.CheckFailoverAgainstPeers(configuration, peers)] };
            }
            WriteObject(Quiet ? result.IsValid : result);
        }
    }

    /// <summary>Per instance, the priorities the running daemon heard from its peers; empty when no daemon answers.</summary>
    private Dictionary<string, IReadOnlyList<PeerPriority>> PeersHeardByTheDaemon()
    {
        if (_peers is not null)
        {
            return _peers;
        }
        _peers = [];
        var socket = ProviderPaths.Resolve(this, SocketPath);
        if (!File.Exists(socket))
        {
            WriteVerbose($"No havrrpd socket at {socket}: checking the file alone.");
            return _peers;
        }
        using var deadline = new CancellationTokenSource(DaemonTimeout);
        try
        {
            using var client = VrrpControlClient.ConnectAsync(socket, deadline.Token).GetAwaiter().GetResult();
            foreach (var instance in client.ListInstancesAsync(cancellationToken: deadline.Token).GetAwaiter().GetResult())
            {
                // Priority 0 is a peer stepping down, 255 an address owner: neither is a backup's priority.
                _peers[instance.Name] = [.. instance.Peers
                    .Where(peer => peer.LastPriority is > 0 and < 255)
                    .Select(peer => new PeerPriority($"peer {peer.Address}", peer.LastPriority))];
            }
        }
        catch (Exception exception) when (exception is VrrpControlException or OperationCanceledException or IOException)
        {
            WriteVerbose($"havrrpd on {socket} did not answer ({exception.Message}): checking the file alone.");
        }
        return _peers;
    }
}
