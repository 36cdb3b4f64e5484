namespace HaVrrp.Service;

/// <summary>havrrpd's exit codes; automation relies on them, so they never change meaning.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The configuration has errors (or could not be read).</summary>
    public const int ConfigurationInvalid = 1;

    /// <summary>The command line makes no sense.</summary>
    public const int Usage = 2;

    /// <summary>--status: havrrpd is not running (no socket, or nobody listens on it); LSB's "program is not running".</summary>
    public const int DaemonNotRunning = 3;

    /// <summary>--status: the control socket may not be opened (EX_NOPERM).</summary>
    public const int PermissionDenied = 77;

    /// <summary>The engine stopped for a reason other than a request (EX_SOFTWARE).</summary>
    public const int EngineFailed = 70;
}
