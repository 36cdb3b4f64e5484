using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Platform.Linux.Processes;
using HaVrrp.Engine.Runtime;
using HaVrrp.Engine.Tracking;
using HaVrrp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaVrrp.Engine.Tests.Linux;

/// <summary>
/// The process-events connector and the /proc reader. Real processes are a <c>sleep</c> with an argument no other
/// process on the host has, so nothing else running on the host can change the counts.
/// </summary>
public sealed class ProcessEventsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public void Parse_ReadsForkExecCommAndExit_AndLeavesThreadsOut()
    {
        var datagram = new List<byte>();
        datagram.AddRange(Message(0x1, 100, 100, 200, 200));   // fork of a process
        datagram.AddRange(Message(0x1, 100, 100, 201, 200));   // a new thread of 200
        datagram.AddRange(Message(0x2, 200, 200));             // exec
        datagram.AddRange(Message(0x200, 200, 200));           // comm
        datagram.AddRange(Message(0x80000000, 201, 200));      // a thread ending
        datagram.AddRange(Message(0x80000000, 200, 200));      // the process ending
        var events = new List<ProcessEvent>();

        ProcessEventConnector.Parse(datagram.ToArray(), events);

        Assert.Equal(
        [
            new ProcessEvent(ProcessEventKind.Fork, 200, 100),
            new ProcessEvent(ProcessEventKind.Exec, 200),
            new ProcessEvent(ProcessEventKind.Comm, 200),
            new ProcessEvent(ProcessEventKind.Exit, 200),
        ], events);
    }

    [Fact]
    public void TryParseStat_FindsTheNameBetweenTheFirstOpenAndTheLastClosingParenthesis()
    {
        var stat = Encoding.UTF8.GetBytes("4242 (we(ird) na)me) S 17 4242 4242 0 -1 4194560 90 0 0 0 0 0 0 0 20 0 1 0");

        Assert.True(ProcessTable.TryParseStat(stat, out var comm, out var state, out var parent));
        Assert.Equal("we(ird) na)me", comm);
        Assert.Equal('S', state);
        Assert.Equal(17, parent);
        Assert.Equal(["sleep", "1000", "cut"], ProcessTable.SplitCommandLine("sleep\01000\0cut"u8));
    }

    [RootFact]
    public void Connector_OutsideTheInitialNetworkNamespace_IsRefused()
    {
        using var lab = TestNetworkNamespace.Create();

        var error = lab.RunInside(() => Assert.Throws<SocketException>(() => ProcessEventConnector.Open()));

        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [RootFact]
    public async Task Watcher_InTheInitialNamespace_FollowsExecAndExitThroughTheConnector()
    {
        // The test process runs in the host's network namespace, the one where the kernel serves process events.
        await WatchASleeperAsync(ProcessMonitorMethod.Netlink, start => start());
    }

    [RootFact]
    public async Task Watcher_InANetworkNamespace_FallsBackToScanningProc()
    {
        using var lab = TestNetworkNamespace.Create();
        await WatchASleeperAsync(ProcessMonitorMethod.ProcScan, start => lab.RunInside(start));
    }

    /// <summary>Starts the watcher (through <paramref name="startIn"/>, which picks its namespace), then a sleeper, then kills it.</summary>
    private static async Task WatchASleeperAsync(ProcessMonitorMethod expected, Func<Func<Task>, Task> startIn)
    {
        var argument = "86400." + Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        var block = new TrackProcessConfig
        {
            Name = "sleeper", Process = "sleep", Parameters = new([argument]), ParameterMatch = ProcessParameterMatch.Exact, FullCommand = true,
        };
        var posted = new BlockingCollection<EngineEvent>();
        using var stop = new CancellationTokenSource();
        using var watcher = new ProcessWatcher(new HaVrrpConfiguration { TrackProcesses = new([block]) }, TimeProvider.System, NullLogger.Instance)
        {
            ScanInterval = TimeSpan.FromMilliseconds(100),
        };
        var running = startIn(() => watcher.RunAsync(engineEvent => { posted.Add(engineEvent); return true; }, stop.Token));
        try
        {
            Assert.Equal(new ProcessMonitorChanged(expected), Next<ProcessMonitorChanged>(posted));
            Assert.Equal(new TrackedProcessCount("sleeper", 0, ProcessChangeCause.Scan), Next<TrackedProcessCount>(posted));

            using var sleeper = Process.Start("sleep", argument);
            Assert.Equal(new TrackedProcessCount("sleeper", 1, ProcessChangeCause.Exec), Next<TrackedProcessCount>(posted));

            sleeper.Kill();
            Assert.Equal(new TrackedProcessCount("sleeper", 0, ProcessChangeCause.Exit), Next<TrackedProcessCount>(posted));
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    private static T Next<T>(BlockingCollection<EngineEvent> posted)
        where T : EngineEvent
    {
        using var timeout = new CancellationTokenSource(Deadline);
        while (true)
        {
            if (posted.Take(timeout.Token) is T wanted)
            {
                return wanted;
            }
        }
    }

    /// <summary>nlmsghdr + cn_msg (CN_IDX_PROC) + proc_event with the given data words, as the kernel sends them.</summary>
    private static byte[] Message(uint what, params int[] data)
    {
        var message = new byte[16 + 20 + 16 + 24];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(16), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(36), what);
        for (var index = 0; index < data.Length; index++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(52 + (index * 4)), data[index]);
        }
        return message;
    }
}
