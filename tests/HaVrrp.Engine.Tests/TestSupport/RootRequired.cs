namespace HaVrrp.Engine.Tests.TestSupport;

/// <summary>
/// The policy for tests that need root on Linux (network namespaces, raw sockets, netlink changes):
/// on a developer machine without root they are skipped with "run as root"; under CI=true they
/// must run, so a missing prerequisite fails the test instead of hiding it.
/// Use <see cref="RootFactAttribute"/> on the test and call <see cref="Check"/> first in it.
/// </summary>
public static class RootRequired
{
    public static bool IsCI =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsAvailable => OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess;

    /// <summary>Why the test is skipped, or null when it must run (root, or CI where it must not skip).</summary>
    public static string? SkipReason => IsAvailable || IsCI
        ? null
        : "Needs Linux and root (network namespaces): run as root, e.g. sudo dotnet test.";

    /// <summary>Fails the test with a clear message when it cannot run (only reached under CI).</summary>
    public static void Check()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException(
                "This test needs Linux and root (network namespaces) and CI=true forbids skipping it: run as root.");
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
