namespace HaVrrp.Engine.Tests.Linux;

/// <summary>
/// The policy for tests that need root on Linux (network namespaces, raw sockets). On a developer
/// machine without root they are skipped, with a message that says how to run them. Under CI
/// (CI=true) they are never skipped: they run, and fail loudly if the machine cannot run them,
/// because a green CI run that tested nothing is worse than a red one.
/// </summary>
public static class RootRequired
{
    public const string HowToRun =
        "These tests create network namespaces and raw sockets: run them as root on Linux with iproute2, " +
        "e.g. `sudo -E dotnet test tests/HaVrrp.Engine.Tests --filter \"FullyQualifiedName~HaVrrp.Engine.Tests.Linux\"`.";

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

    /// <summary>Fails the test with the reason when the prerequisites are missing (reached only under CI).</summary>
    public static void ThrowIfUnavailable()
    {
        if (MissingPrerequisite is { } missing)
        {
            throw new InvalidOperationException($"CI=true but this test cannot run: {missing}. {HowToRun}");
        }
    }
}

/// <summary>A fact that needs root on Linux; see <see cref="RootRequired"/> for the skip policy.</summary>
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
