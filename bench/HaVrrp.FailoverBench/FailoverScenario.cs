namespace HaVrrp.FailoverBench;

/// <summary>How the master goes away.</summary>
internal enum FailoverScenario
{
    /// <summary>kill -9 of the daemon's process group and the master's link cut: the backup must notice the silence.</summary>
    Crash,

    /// <summary>SIGTERM: the master announces priority 0 and lets go of the address.</summary>
    GracefulStop,
}
