using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.TestSupport.Observers;

/// <summary>
/// The lab client pinging a virtual address every few milliseconds, the way a user of the service
/// would notice a failover. The pinging is done by havrrp-prober, a process of its own inside the
/// client's namespace, in a session of its own with the highest scheduling weight: a test host busy with other tests
/// (two cores, classes in parallel) could neither keep a 10 ms rhythm nor time replies truly, and
/// would then measure the machine instead of the daemons. The prober reports every probe it sent and
/// every reply, with the MAC that answered, on its own clock; this class reads that record as it
/// comes and judges it.
/// </summary>
public sealed class ClientProbe : IAsyncDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>A reply later than this does not count: the client would have given up on it.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _interval;
    private readonly Dictionary<string, string> _nodeNamesByMac;
    private readonly Process _prober;
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _sentAt = [];
    private readonly Dictionary<int, (TimeSpan At, PhysicalAddress From)> _replies = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _duplicateReplies;
    private int? _judgedFrom;
    private int? _judgedUntil;
    private ProbeReport? _report;

    private ClientProbe(NetworkLab lab, TimeSpan interval, Process prober)
    {
        _interval = interval;
        _prober = prober;
        _nodeNamesByMac = lab.Nodes.ToDictionary(node => node.MacAddress.ToString(), node => node.Name);
    }

    /// <summary>Where the builds put the prober: beside the running assembly (a project reference copies it).</summary>
    public static string ProberAssemblyPath => Path.Combine(AppContext.BaseDirectory, "havrrp-prober.dll");

    /// <summary>Starts probing <paramref name="address"/> (IPv4) from the lab's client.</summary>
    public static ClientProbe Start(NetworkLab lab, IPAddress address, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("The probe speaks ICMP for IPv4 only.", nameof(address));
        }
        var every = interval ?? DefaultInterval;
        var startInfo = new ProcessStartInfo("ip")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // ip netns exec, setsid and nice all exec in place: the process we hold is the prober itself (our
        // child is never a group leader, so setsid need not fork). A session of its own lets the prober
        // raise its autogroup's weight: across sessions the kernel shares CPU by group, not by nice.
        // Not a real-time policy: .NET maps its thread priorities onto the real-time range, so the
        // prober's own threads would run above the runtime's and, spinning on a lock one of those
        // holds, starve it for seconds (docs/development.md, "Timing on a busy machine").
        string[] command =
        [
            "netns", "exec", lab.Client.Namespace,
            "setsid", "nice", "-n", "-20",
            "dotnet", ProberAssemblyPath, address.ToString(), LabNode.InterfaceName,
            Milliseconds(every), Milliseconds(AnswerTimeout),
        ];
        foreach (var argument in command)
        {
            startInfo.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = startInfo };
        var probe = new ClientProbe(lab, every, process);
        process.OutputDataReceived += (_, line) => probe.Read(line.Data);
        process.ErrorDataReceived += (_, line) => probe.ReadError(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            probe.WaitUntilReady();
        }
        catch
        {
            probe.Abandon();
            throw;
        }
        return probe;
    }

    /// <summary>The node that answered most recently, and the sequence number of that probe; null before any answer.</summary>
    public (int Sequence, string Responder)? LastAnswer
    {
        get
        {
            lock (_lock)
            {
                if (_replies.Count == 0)
                {
                    return null;
                }
                var last = _replies.MaxBy(reply => reply.Key);
                return (last.Key, NameOf(last.Value.From));
            }
        }
    }

    /// <summary>How many probes have been sent so far (as far as the record has been read).</summary>
    public int SentCount
    {
        get
        {
            lock (_lock)
            {
                return _sentAt.Count;
            }
        }
    }

    /// <summary>Waits until a probe sent from now on is answered by <paramref name="node"/>.</summary>
    public async Task WaitForAnswerFromAsync(LabNode node, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(node);
        var after = SentCount;
        var answer = await Eventually.WaitUntilAsync(
            () => LastAnswer,
            answer => answer is { } last && last.Sequence >= after && last.Responder == node.Name,
            deadline,
            $"answered by {node.Name}{ProberFailure()}").ConfigureAwait(false);
        // The first answer a test waits for comes before it acts, the last one after its last action took
        // effect: the prober's rhythm is judged between the two, where a stall could hide a loss.
        _judgedFrom ??= answer!.Value.Sequence;
        _judgedUntil = answer!.Value.Sequence;
    }

    /// <summary>Stops sending, lets the prober wait out the answer timeout for late replies, and reports.</summary>
    public async Task<ProbeReport> StopAsync()
    {
        if (_report is not null)
        {
            return _report;
        }
        // End of input is the prober's signal to stop.
        _prober.StandardInput.Close();
        using var deadline = new CancellationTokenSource(ExitDeadline);
        try
        {
            // Also waits for the end of its output, so the record has been read whole.
            await _prober.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The prober did not finish within {ExitDeadline.TotalSeconds} s.{ProberFailure()}");
        }
        if (_prober.ExitCode != 0 || !_done.Task.IsCompleted)
        {
            throw new InvalidOperationException($"The prober failed (exit {_prober.ExitCode}).{ProberFailure()}");
        }
        _report = BuildReport();
        return _report;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_prober.HasExited)
            {
                await StopAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            Abandon();
        }
    }

    /// <summary>Ends the prober without waiting for its record (start-up failed, or the test is over).</summary>
    private void Abandon()
    {
        if (!_prober.HasExited)
        {
            _prober.Kill();
        }
        _prober.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }
        var fields = line.Split(' ');
        switch (fields[0])
        {
            case "sent":
                lock (_lock)
                {
                    // Sequences arrive in order, one per probe sent: the index is the sequence.
                    _sentAt.Add(Microseconds(fields[2]));
                }
                break;
            case "answered":
                var sequence = int.Parse(fields[1], CultureInfo.InvariantCulture);
                var reply = (Microseconds(fields[2]), PhysicalAddress.Parse(fields[3]));
                lock (_lock)
                {
                    if (!_replies.TryAdd(sequence, reply))
                    {
                        _duplicateReplies++;
                    }
                }
                break;
            case "ready":
                _ready.TrySetResult();
                break;
            case "done":
                _done.TrySetResult();
                break;
        }
    }

    /// <summary>Blocks until the prober has warmed up and probes, so that its start-up is not part of the record.</summary>
    private void WaitUntilReady()
    {
        var exited = _prober.WaitForExitAsync();
        var first = Task.WhenAny(_ready.Task, exited).WaitAsync(ExitDeadline).GetAwaiter().GetResult();
        if (first != _ready.Task)
        {
            throw new InvalidOperationException($"The prober ended before it was ready (exit {_prober.ExitCode}).{ProberFailure()}");
        }
    }

    private void ReadError(string? line)
    {
        if (line is not null)
        {
            lock (_lock)
            {
                _stderr.Add(line);
            }
        }
    }

    /// <summary>What the prober said on stderr, for a failure message; empty when it said nothing.</summary>
    private string ProberFailure()
    {
        lock (_lock)
        {
            return _stderr.Count == 0 ? string.Empty : $" The prober said:\n{string.Join('\n', _stderr)}";
        }
    }

    private ProbeReport BuildReport()
    {
        lock (_lock)
        {
            var probes = new List<Probe>(_sentAt.Count);
            for (var sequence = 0; sequence < _sentAt.Count; sequence++)
            {
                var sentAt = _sentAt[sequence];
                probes.Add(_replies.TryGetValue(sequence, out var reply) && reply.At - sentAt <= AnswerTimeout
                    ? new Probe(sequence, sentAt, reply.At, reply.From, NameOf(reply.From))
                    : new Probe(sequence, sentAt, null, null, null));
            }
            return new ProbeReport(probes, _interval, _duplicateReplies, _judgedFrom ?? 0, _judgedUntil);
        }
    }

    private string NameOf(PhysicalAddress mac) =>
        _nodeNamesByMac.TryGetValue(mac.ToString(), out var name) ? name : mac.ToString();

    private static TimeSpan Microseconds(string text) =>
        TimeSpan.FromMicroseconds(long.Parse(text, CultureInfo.InvariantCulture));

    private static string Milliseconds(TimeSpan span) =>
        ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
