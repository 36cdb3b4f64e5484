namespace HaVrrp.Engine.Protocol.Codec;

/// <summary>
/// Received-advertisement statistics for the control plane: how many were accepted (and with which checksum
/// variant), how many rejected per <see cref="AdvertisementRejectReason"/>, how many warned. Recording never
/// allocates and is safe while another thread reads.
/// </summary>
public sealed class AdvertisementCounters
{
    private static readonly int ReasonCount = Enum.GetValues<AdvertisementRejectReason>().Length;
    private static readonly int WarningCount = Enum.GetValues<AdvertisementWarning>().Length;
    private static readonly int ChecksumVariantCount = Enum.GetValues<ChecksumVariant>().Length;

    private readonly long[] _rejected = new long[ReasonCount];
    private readonly long[] _warnings = new long[WarningCount];
    private readonly long[] _acceptedByChecksum = new long[ChecksumVariantCount];

    public long Accepted
    {
        get
        {
            long total = 0;
            for (var index = 0; index < _acceptedByChecksum.Length; index++)
            {
                total += Volatile.Read(ref _acceptedByChecksum[index]);
            }
            return total;
        }
    }

    public long TotalRejected
    {
        get
        {
            long total = 0;
            for (var index = 1; index < _rejected.Length; index++)
            {
                total += Volatile.Read(ref _rejected[index]);
            }
            return total;
        }
    }

    public long Rejected(AdvertisementRejectReason reason) => Volatile.Read(ref _rejected[(int)reason]);

    public long Warned(AdvertisementWarning warning) => Volatile.Read(ref _warnings[(int)warning]);

    public long AcceptedWith(ChecksumVariant variant) => Volatile.Read(ref _acceptedByChecksum[(int)variant]);

    /// <summary>Counts a packet that failed before it could be validated (bad IP header, structure, checksum).</summary>
    public void RecordRejected(AdvertisementRejectReason reason)
    {
        if (reason != AdvertisementRejectReason.None)
        {
            Interlocked.Increment(ref _rejected[(int)reason]);
        }
    }

    /// <summary>Counts a validated packet; <paramref name="checksum"/> is the variant that matched it.</summary>
    public void Record(AdvertisementVerdict verdict, ChecksumVariant checksum)
    {
        if (!verdict.IsAccepted)
        {
            RecordRejected(verdict.RejectReason);
            return;
        }
        Interlocked.Increment(ref _acceptedByChecksum[(int)checksum]);
        if (verdict.Warning != AdvertisementWarning.None)
        {
            Interlocked.Increment(ref _warnings[(int)verdict.Warning]);
        }
    }
}
