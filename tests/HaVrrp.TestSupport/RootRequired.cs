namespace HaVrrp.TestSupport;

/// <summary>
/// The policy for tests that need root on Linux (network namespaces, raw sockets, netlink changes).
/// On a developer machine that cannot run them they are skipped, with a message that says how to
/// run them ("run as root"). Under CI (CI=true) they are never skipped: they run, and fail loudly
/// if the machine cannot run them, because a green CI run that tested nothing is worse than a red one.
/// Put <see cref="RootFactAttribute"/> or <see cref="RootTheoryAttribute"/> on the test; fixtures
/// that set up namespaces call <see cref="ThrowIfUnavailable"/> first.
/// </summary>
public static class RootRequired
{
    public const string HowToRun =
        "These tests create network namespaces and raw sockets: run as root on Linux with iproute2, " +
        "e.g. `sudo -E dotnet test tests/HaVrrp.Engine.Tests --filter \"FullyQualifiedName~Linux\"`.";

    public static bool IsContinuousIntegration =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why this machine cannot run root tests, or null if it can.</summary>
    public static string? MissingPrerequisite
    {
        get
        {
            if (!OperatingSystem.IsLinux())
            {
                return "not Linux";
            }
            if (!Environment.IsPrivilegedProcess)
            {
                return "not running as root";
            }
            if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip") && !File.Exists("/bin/ip"))
            {
                return "iproute2 (`ip`) is not installed";
            }
            return null;
        }
    }

    /// <summary>The skip reason for xunit: null when the test must run (prerequisites met, or CI).</summary>
    public static string? SkipReason =>
        MissingPrerequisite is { } missing && !IsContinuousIntegration ? $"Skipped: {missing}. {HowToRun}" : null;

    /// <summary>True when root tests run here (and so their fixtures must be set up): the opposite of a skip.</summary>
    public static bool MustRun => SkipReason is null;

    /// <summary>Fails the test with the reason when the prerequisites are missing (reached only under CI).</summary>
    public static void ThrowIfUnavailable()
    {
        if (MissingPrerequisite is { } missing)
        {
            throw new InvalidOperationException($"CI=true but this test cannot run: {missing}. {HowToRun}");
        }
    }
}

/// <summary>A <see cref="FactAttribute"/> that applies the <see cref="RootRequired"/> policy.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (RootRequired.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A <see cref="TheoryAttribute"/> that applies the <see cref="RootRequired"/> policy.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (RootRequired.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
