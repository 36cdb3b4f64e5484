using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using HaVrrp.Engine.Control;
using HaVrrp.TestSupport;
using HaVrrp.TestSupport.Daemons;
using HaVrrp.TestSupport.Lab;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.FailoverBench;

/// <summary>Latencies of the control socket with many instances, and what idle clients cost the daemon.</summary>
internal sealed record ControlFigures(
    int InstanceCount,
    Percentiles ListRoundTrip,
    Percentiles ListRawRoundTrip,
    int ListResponseBytes,
    Percentiles ConnectHelloListClose,
    int IdleClients,
    TimeSpan IdleWindow,
    DaemonUsage WithoutClients,
    DaemonUsage WithIdleClients);

/// <summary>p50, p99 and max of some samples, and how many there were.</summary>
internal sealed record Percentiles(TimeSpan P50, TimeSpan P99, TimeSpan Max, int Count)
{
    public static Percentiles Of(IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.Order().ToList();
        TimeSpan At(double quantile) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
        return new Percentiles(At(0.50), At(0.99), sorted[^1], sorted.Count);
    }
}

/// <summary>
/// One havrrpd node with N instances (all masters, as the load mode runs them), measured through its control socket:
/// <c>instance.list</c> of every instance on one connected client (after a warm-up), and connect + hello + list + close
/// on a fresh connection each time. Then the cost of idle clients: the daemon's RSS and CPU over a window with none,
/// then over the same window with that many clients connected (each said hello, then waits).
/// </summary>
internal static class ControlRun
{
    private const int WarmUp = 200;

    public static async Task<ControlFigures> RunAsync(int instanceCount, int samples, int idleClients, TimeSpan window)
    {
        using var lab = NetworkLab.Create(nodeCount: 1);
        var node = lab.Nodes[0];
        using var daemon = HavrrpdNode.Start(node, BenchConfigurations.ManyInstances(node, instanceCount));
        await Eventually.WaitUntilAsync(
            () => VipHolders.Holds(node, BenchConfigurations.ManyInstancesAddress(instanceCount)) &&
                  VipHolders.Holds(node, BenchConfigurations.ManyInstancesAddress(1)),
            TimeSpan.FromSeconds(120), "master of every instance");
        await Task.Delay(LoadRun.SettleTime);

        var listRoundTrip = await ListRoundTripsAsync(daemon.SocketPath, instanceCount, samples);
        var (listRawRoundTrip, responseBytes) = await ListRawRoundTripsAsync(daemon.SocketPath, samples);
        var connectCycle = await ConnectCyclesAsync(daemon.SocketPath, instanceCount, samples);

        var processId = daemon.Process.ProcessId;
        var settled = await DaemonUsage.WaitForSteadyResidentMemoryAsync(processId, TimeSpan.FromMinutes(5));
        await Console.Error.WriteLineAsync($"havrrpd's RSS steady after {settled.TotalSeconds:F0} s");
        var withoutClients = await DaemonUsage.MeasureAsync(processId, window);
        var clients = new List<VrrpControlClient>();
        try
        {
            for (var index = 0; index < idleClients; index++)
            {
                var client = await VrrpControlClient.ConnectAsync(daemon.SocketPath);
                clients.Add(client);
                await client.HelloAsync();
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
            var withClients = await DaemonUsage.MeasureAsync(processId, window);
            return new ControlFigures(instanceCount, listRoundTrip, listRawRoundTrip, responseBytes, connectCycle, idleClients, window, withoutClients, withClients);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task<Percentiles> ListRoundTripsAsync(string socketPath, int instanceCount, int samples)
    {
        await using var client = await VrrpControlClient.ConnectAsync(socketPath);
        var times = new List<TimeSpan>(samples);
        for (var index = 0; index < WarmUp + samples; index++)
        {
            var clock = Stopwatch.StartNew();
            var instances = await client.ListInstancesAsync();
            var elapsed = clock.Elapsed;
            if (instances.Count != instanceCount)
            {
                throw new InvalidOperationException($"instance.list returned {instances.Count} instances, not {instanceCount}");
            }
            if (index >= WarmUp)
            {
                times.Add(elapsed);
            }
        }
        return Percentiles.Of(times);
    }

    /// <summary>
    /// The same request as bytes on a plain socket, timed until the response's last byte: the daemon's share of the
    /// round trip, without the typed client's JSON parsing.
    /// </summary>
    private static async Task<(Percentiles Times, int ResponseBytes)> ListRawRoundTripsAsync(string socketPath, int samples)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        var request = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"instance.list\"}\n");
        var buffer = new byte[4 * 1024 * 1024];
        var times = new List<TimeSpan>(samples);
        var responseBytes = 0;
        for (var index = 0; index < WarmUp + samples; index++)
        {
            var clock = Stopwatch.StartNew();
            await socket.SendAsync(request, SocketFlags.None);
            var filled = 0;
            do
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
                if (read == 0)
                {
                    throw new InvalidOperationException("havrrpd closed the connection");
                }
                filled += read;
            }
            while (buffer[filled - 1] != (byte)'\n');
            var elapsed = clock.Elapsed;
            responseBytes = filled;
            if (index >= WarmUp)
            {
                times.Add(elapsed);
            }
        }
        return (Percentiles.Of(times), responseBytes);
    }

    private static async Task<Percentiles> ConnectCyclesAsync(string socketPath, int instanceCount, int samples)
    {
        var times = new List<TimeSpan>(samples);
        for (var index = 0; index < WarmUp + samples; index++)
        {
            var clock = Stopwatch.StartNew();
            int count;
            await using (var client = await VrrpControlClient.ConnectAsync(socketPath))
            {
                await client.HelloAsync();
                count = (await client.ListInstancesAsync()).Count;
            }
            var elapsed = clock.Elapsed;
            if (count != instanceCount)
            {
                throw new InvalidOperationException($"instance.list returned {count} instances, not {instanceCount}");
            }
            if (index >= WarmUp)
            {
                times.Add(elapsed);
            }
        }
        return Percentiles.Of(times);
    }
}
