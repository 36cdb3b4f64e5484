using System.Net.Sockets;
using System.Runtime.InteropServices;
using HaVrrp.Engine.Platform.Linux.Announcements;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.FailoverBench;

/// <summary>
/// Records one node's IPv4 VRRP adverts as another lab host receives them, per virtual router: when each VRID was first
/// heard, and the gaps between consecutive adverts of the same VRID. Arrival times are the kernel's receive timestamps
/// (SIOCGSTAMPNS on an AF_PACKET socket, wall clock), taken as the frame crosses the lab's veth, so a recorder thread
/// that waits for a core on a starved machine does not stretch the gaps: they are the sender's own.
/// </summary>
internal sealed partial class VrrpAdvertRecorder : IDisposable
{
    private const int EthernetHeaderLength = 14;
    private const int IPv4Ethertype = 0x0800;
    private const byte VrrpProtocol = 112;
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Gaps are counted in 0.1 ms bins up to 10 s; a longer one lands in the last bin (and in the longest gap, kept apart).</summary>
    private static readonly TimeSpan BinWidth = TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond / 10);
    private const int BinCount = 100_000;

    private const ulong GetTimestampRequest = 0x8907; // SIOCGSTAMPNS: the last received packet's timestamp
    private readonly Socket _capture;
    private readonly byte[] _frame = new byte[2048];
    private readonly byte[] _senderMac;
    private readonly Lock _lock = new();
    private readonly long?[] _firstArrival = new long?[256];
    private readonly long?[] _lastArrival = new long?[256];
    private readonly long[] _gapBins = new long[BinCount];
    private readonly Thread _recording;
    private readonly int _expectedRouters;
    private readonly TaskCompletionSource _allHeard = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private int _routersHeard;
    private long _adverts;
    private TimeSpan _longestGap;

    private VrrpAdvertRecorder(LabNode listener, LabNode sender, int expectedRouters)
    {
        _capture = listener.InNamespace(() => PacketSocket.OpenForReceiving(listener.InterfaceIndex, PacketSocket.EthertypeAll));
        _capture.ReceiveTimeout = (int)StopCheckInterval.TotalMilliseconds;
        // The first request switches the socket's timestamping on (and finds none yet): every frame from here on has one.
        _ = KernelTimestamp();
        _senderMac = sender.MacAddress.GetAddressBytes();
        _expectedRouters = expectedRouters;
        _recording = new Thread(Record) { IsBackground = true, Name = "advert recorder" };
        _recording.Start();
    }

    /// <summary>Starts recording <paramref name="sender"/>'s adverts as <paramref name="listener"/> receives them.</summary>
    /// <param name="listener">The lab host whose eth0 is captured.</param>
    /// <param name="sender">The node whose adverts (by its MAC address) are recorded.</param>
    /// <param name="expectedRouters">How many VRIDs <see cref="WaitUntilEveryRouterHeardAsync"/> waits for.</param>
    public static VrrpAdvertRecorder Start(LabNode listener, LabNode sender, int expectedRouters) => new(listener, sender, expectedRouters);

    /// <summary>Adverts recorded so far.</summary>
    public long Adverts => Interlocked.Read(ref _adverts);

    /// <summary>Waits until an advert of every expected VRID has been heard; false when <paramref name="deadline"/> passed first.</summary>
    public async Task<bool> WaitUntilEveryRouterHeardAsync(TimeSpan deadline) =>
        await Task.WhenAny(_allHeard.Task, Task.Delay(deadline)) == _allHeard.Task;

    /// <summary>When the first advert of any VRID arrived (wall clock, <see cref="DateTime.Ticks"/> in UTC), or null.</summary>
    public long? FirstArrival
    {
        get
        {
            lock (_lock)
            {
                return _firstArrival.Where(arrival => arrival.HasValue).Min();
            }
        }
    }

    /// <summary>When the last of the VRIDs was first heard: by then every router had advertised.</summary>
    public long? LastFirstArrival
    {
        get
        {
            lock (_lock)
            {
                return _firstArrival.Where(arrival => arrival.HasValue).Max();
            }
        }
    }

    /// <summary>Forgets the gaps recorded so far, so that a window starts clean (the first advert after it opens none).</summary>
    public void ResetGaps()
    {
        lock (_lock)
        {
            Array.Clear(_lastArrival);
            Array.Clear(_gapBins);
            _longestGap = TimeSpan.Zero;
            Interlocked.Exchange(ref _adverts, 0);
        }
    }

    /// <summary>The gaps between consecutive adverts of one VRID since the last <see cref="ResetGaps"/>.</summary>
    public AdvertGapFigures Gaps(TimeSpan interval)
    {
        lock (_lock)
        {
            var count = _gapBins.Sum();
            return new AdvertGapFigures(Adverts, count, _longestGap, Quantile(count, 0.999), Quantile(count, 0.99999), interval);
        }
    }

    /// <summary>How many gaps were at least <paramref name="threshold"/> long, to the bins' resolution.</summary>
    public long GapsAtLeast(TimeSpan threshold)
    {
        lock (_lock)
        {
            var total = 0L;
            foreach (var count in _gapBins.AsSpan((int)Math.Min(BinCount - 1, threshold.Ticks / BinWidth.Ticks)))
            {
                total += count;
            }
            return total;
        }
    }

    private TimeSpan Quantile(long count, double quantile)
    {
        if (count == 0)
        {
            return TimeSpan.Zero;
        }
        var rank = (long)Math.Ceiling(quantile * count);
        long seen = 0;
        for (var bin = 0; bin < BinCount; bin++)
        {
            seen += _gapBins[bin];
            if (seen >= rank)
            {
                return BinWidth * (bin + 1);
            }
        }
        return _longestGap;
    }

    public void Dispose()
    {
        _stopping = true;
        _recording.Join();
        _capture.Dispose();
    }

    private void Record()
    {
        while (!_stopping)
        {
            int length;
            try
            {
                length = _capture.Receive(_frame);
            }
            catch (SocketException timedOut) when (timedOut.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }
            var frame = _frame.AsSpan(0, length);
            if (IsAdvertFromSender(frame) && KernelTimestamp() is { } arrival)
            {
                Add(frame[EthernetHeaderLength + ((frame[EthernetHeaderLength] & 0x0F) * 4) + 1], arrival);
            }
        }
    }

    /// <summary>The kernel's receive time of the last frame, as UTC <see cref="DateTime.Ticks"/>; null when it has none.</summary>
    private long? KernelTimestamp() =>
        GetTimestamp((int)_capture.Handle, GetTimestampRequest, out var time) == 0
            ? DateTime.UnixEpoch.Ticks + (time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100)
            : null;

    [StructLayout(LayoutKind.Sequential)]
    private struct KernelTime
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int GetTimestamp(int descriptor, ulong request, out KernelTime time);

    private void Add(byte virtualRouterId, long arrival)
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _adverts);
            var previous = _lastArrival[virtualRouterId];
            // A timestamp older than the VRID's last one (two frames handed over out of order) makes no gap.
            if (arrival < previous)
            {
                return;
            }
            if (previous is not null)
            {
                var gap = TimeSpan.FromTicks(arrival - previous.Value);
                _gapBins[(int)Math.Min(BinCount - 1, gap.Ticks / BinWidth.Ticks)]++;
                if (gap > _longestGap)
                {
                    _longestGap = gap;
                }
            }
            _lastArrival[virtualRouterId] = arrival;
            if (_firstArrival[virtualRouterId] is null)
            {
                _firstArrival[virtualRouterId] = arrival;
                if (++_routersHeard == _expectedRouters)
                {
                    _allHeard.TrySetResult();
                }
            }
        }
    }

    private bool IsAdvertFromSender(ReadOnlySpan<byte> frame) =>
        frame.Length >= EthernetHeaderLength + 24 &&
        frame.Slice(6, 6).SequenceEqual(_senderMac) &&
        ((frame[12] << 8) | frame[13]) == IPv4Ethertype &&
        frame[EthernetHeaderLength + 9] == VrrpProtocol &&
        frame.Length >= EthernetHeaderLength + ((frame[EthernetHeaderLength] & 0x0F) * 4) + 2;
}

/// <summary>Gaps between consecutive adverts of the same virtual router, over a window.</summary>
/// <param name="Adverts">Adverts recorded.</param>
/// <param name="Gaps">Gaps measured (adverts less one per VRID).</param>
/// <param name="Longest">The longest gap of any VRID.</param>
/// <param name="P999">99.9th percentile, to 0.1 ms.</param>
/// <param name="P99999">99.999th percentile, to 0.1 ms.</param>
/// <param name="Interval">The configured advert interval.</param>
internal sealed record AdvertGapFigures(long Adverts, long Gaps, TimeSpan Longest, TimeSpan P999, TimeSpan P99999, TimeSpan Interval);
