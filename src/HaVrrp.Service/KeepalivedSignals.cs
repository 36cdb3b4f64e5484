namespace HaVrrp.Service;

/// <summary>
/// keepalived's signal functions and their numbers on Linux, as <c>keepalived --signum=NAME</c> prints them, so that
/// <c>kill -s $(havrrpd --signum=JSON) $(pidof havrrpd)</c> works as it does for keepalived.
/// </summary>
internal static class KeepalivedSignals
{
    public const int Reload = 1;
    public const int Data = 10;
    public const int Stats = 12;
    public const int Stop = 15;

    /// <summary>SIGRTMIN+2 with glibc's SIGRTMIN of 34.</summary>
    public const int Json = 36;

    /// <summary>SIGRTMAX-1: write the statistics and clear them in keepalived; havrrpd's counters are not cleared.</summary>
    public const int StatsClear = 63;

    /// <summary>The number of a keepalived signal function (STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON), or null.</summary>
    public static int? Number(string name) => name.ToUpperInvariant() switch
    {
        "STOP" => Stop,
        "RELOAD" => Reload,
        "DATA" => Data,
        "STATS" => Stats,
        "STATS_CLEAR" => StatsClear,
        "JSON" => Json,
        _ => null,
    };
}
