using System.Management.Automation;
using HaVrrp.Engine.Control;
using HaVrrp.PowerShell.Cluster;
using HaVrrp.PowerShell.Daemon;

namespace HaVrrp.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Checks the instances of several nodes against each other: one master per virtual router, the same VIPs and timers, a fail-over that can happen.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "VrrpCluster", DefaultParameterSetName = PipelineSet)]
[OutputType(typeof(VrrpClusterFinding), typeof(bool))]
public sealed class TestVrrpClusterCommand : PSCmdlet, IDisposable
{
    private const string PipelineSet = "InputObject";
    private const string SocketSet = "SocketPath";

    private readonly List<ClusterMember> _members = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _unanswered;

    /// <summary>Instances from Get-VrrpInstance, live or deserialized by remoting.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipelineSet)]
    [AllowNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>The control sockets of several daemons on this host; each one's instances are one node.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SocketSet)]
    [ValidateNotNullOrEmpty]
    public string[] SocketPath { get; set; } = [];

    /// <summary>Return only $true (no Error finding) or $false, as Test-Connection -Quiet does.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == SocketSet)
        {
            SocketPath.ToList().ForEach(ReadDaemon);
            return;
        }
        foreach (var input in InputObject ?? [])
        {
            if (ClusterMemberReader.Read(input) is { } member)
            {
                _members.Add(member);
            }
            else if (input is not null)
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"Test-VrrpCluster takes VRRP instances (Get-VrrpInstance), not {input.TypeNames.FirstOrDefault()}"),
                    "NotAnInstance", ErrorCategory.InvalidType, input));
            }
        }
    }

    protected override void EndProcessing()
    {
        var findings = ClusterAnalyser.Analyse(_members);
        if (Quiet)
        {
            // A daemon that did not answer leaves the cluster unchecked: not healthy.
            WriteObject(_unanswered == 0 && ClusterAnalyser.IsHealthy(findings));
        }
        else
        {
            WriteObject(findings, enumerateCollection: true);
        }
    }

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();

    /// <summary>One daemon's instances; a daemon that does not answer is an error about it, and the others go on.</summary>
    private void ReadDaemon(string socketPath)
    {
        var path = ProviderPaths.Resolve(this, socketPath);
        try
        {
            using var client = VrrpControlClient.ConnectAsync(path, _stopping.Token).GetAwaiter().GetResult();
            var hello = client.HelloAsync(_stopping.Token).GetAwaiter().GetResult();
            if (hello.ProtocolVersion != ControlProtocol.Version)
            {
                throw DaemonErrors.MismatchFailure(path, hello.ProtocolVersion, hello.DaemonVersion);
            }
            var instances = client.ListInstancesAsync(cancellationToken: _stopping.Token).GetAwaiter().GetResult();
            _members.AddRange(instances.Select(info => ClusterMemberReader.Read(VrrpInstance.From(info, Environment.MachineName, client.SocketPath))!));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (VrrpControlException failure)
        {
            _unanswered++;
            WriteError(DaemonErrors.Record(failure, path));
        }
    }
}
