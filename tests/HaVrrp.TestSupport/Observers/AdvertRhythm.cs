using System.Diagnostics;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.TestSupport.Observers;

/// <summary>
/// Records when one lab node's VRRP adverts (IPv4 or IPv6, protocol 112) arrive on another node's eth0, from
/// the moment it is started until it is stopped: the rhythm a backup would judge the master by. Arrival times
/// are taken in user space on receipt, on a thread of the recorder's own (a busy thread pool in the same process
/// cannot delay them), so they include only the OS's scheduling delay; a gap is an upper bound of the sender's.
/// </summary>
public sealed class AdvertRhythm : IAsyncDisposable
{
    private const int EthernetHeaderLength = 14;
    private const byte VrrpProtocol = 112;

    private readonly LabCapture _capture;
    private readonly byte[] _senderMac;
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(100);
    private volatile bool _stopping;
    private readonly List<TimeSpan> _arrivals = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Thread _recording;

    private AdvertRhythm(LabNode listener, LabNode sender)
    {
        _capture = LabCapture.Open(listener);
        _senderMac = sender.MacAddress.GetAddressBytes();
        _recording = new Thread(Record) { IsBackground = true, Name = "advert rhythm", Priority = ThreadPriority.Highest };
        _recording.Start();
    }

    /// <summary>Starts recording <paramref name="sender"/>'s adverts as <paramref name="listener"/> receives them.</summary>
    public static AdvertRhythm Start(LabNode listener, LabNode sender)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(sender);
        return new AdvertRhythm(listener, sender);
    }

    /// <summary>Stops recording and returns the arrival times, from the start of the recording.</summary>
    public async Task<AdvertIntervals> StopAsync()
    {
        var elapsed = _clock.Elapsed;
        _stopping = true;
        await Task.Run(_recording.Join);
        lock (_arrivals)
        {
            return new AdvertIntervals([.. _arrivals.Where(arrival => arrival <= elapsed)], elapsed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping)
        {
            await StopAsync();
        }
        _capture.Dispose();
    }

    private void Record()
    {
        while (!_stopping)
        {
            if (_capture.NextFrame(IsAdvertFromSender, StopCheckInterval) is not null)
            {
                var arrival = _clock.Elapsed;
                lock (_arrivals)
                {
                    _arrivals.Add(arrival);
                }
            }
        }
    }

    private bool IsAdvertFromSender(byte[] frame)
    {
        if (frame.Length < EthernetHeaderLength + 20 || !frame.AsSpan(6, 6).SequenceEqual(_senderMac))
        {
            return false;
        }
        var ethertype = (frame[12] << 8) | frame[13];
        return ethertype switch
        {
            0x0800 => frame[EthernetHeaderLength + 9] == VrrpProtocol,
            0x86DD => frame[EthernetHeaderLength + 6] == VrrpProtocol,
            _ => false,
        };
    }
}

/// <summary>The arrival times an <see cref="AdvertRhythm"/> recorded, and the figures an advert rhythm is judged by.</summary>
/// <param name="Arrivals">When each advert arrived, from the start of the recording.</param>
/// <param name="Recorded">How long the recording ran.</param>
public sealed record AdvertIntervals(IReadOnlyList<TimeSpan> Arrivals, TimeSpan Recorded)
{
    /// <summary>The time between consecutive adverts, in order.</summary>
    public IReadOnlyList<TimeSpan> Gaps => [.. Arrivals.Zip(Arrivals.Skip(1), (before, after) => after - before)];

    /// <summary>
    /// The longest silence: between two adverts, or from the start of the recording to the first advert, or from the
    /// last advert to the end (a sender that stopped altogether shows here).
    /// </summary>
    public TimeSpan LongestSilence
    {
        get
        {
            if (Arrivals.Count == 0)
            {
                return Recorded;
            }
            var longest = Gaps.DefaultIfEmpty(TimeSpan.Zero).Max();
            return new[] { longest, Arrivals[0], Recorded - Arrivals[^1] }.Max();
        }
    }

    /// <summary>The given quantile (0..1) of |gap − <paramref name="interval"/>|: how far the rhythm strays from the configured interval.</summary>
    public TimeSpan DeviationQuantile(TimeSpan interval, double quantile)
    {
        var deviations = Gaps.Select(gap => (gap - interval).Duration()).Order().ToList();
        return deviations.Count == 0
            ? TimeSpan.Zero
            : deviations[Math.Min(deviations.Count - 1, (int)Math.Ceiling(quantile * deviations.Count) - 1)];
    }

    public override string ToString() =>
        $"{Arrivals.Count} adverts in {Recorded.TotalSeconds:F1} s, longest silence {LongestSilence.TotalMilliseconds:F0} ms";
}
