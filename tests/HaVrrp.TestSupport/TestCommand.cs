using System.Diagnostics;
using System.Security.Cryptography;

namespace HaVrrp.TestSupport;

/// <summary>
/// Runs a command (iproute2, mostly) to completion for the namespace fixtures and returns its
/// standard output; throws with stderr on failure. Arguments are passed one by one, never through a shell.
/// </summary>
public static class TestCommand
{
    public static string Run(string fileName, IEnumerable<string> arguments, string? standardInput = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }
        // Read both streams concurrently so that neither pipe can fill up and stall the child.
        var errorTask = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var error = errorTask.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{fileName} {string.Join(' ', startInfo.ArgumentList)}` exited with {process.ExitCode}: {error.Trim()}");
        }
        return output;
    }

    public static string Ip(params string[] arguments) => Run("ip", arguments);

    /// <summary>Runs iproute2 commands (one per line, without the leading `ip`) in one process, inside a namespace.</summary>
    public static void IpBatch(string networkNamespace, IEnumerable<string> commands) =>
        Run("ip", ["-n", networkNamespace, "-batch", "-"], string.Join('\n', commands) + "\n");

    /// <summary>A name no other test's namespace has: <paramref name="prefix"/> followed by <paramref name="randomBytes"/> random bytes in hex.</summary>
    public static string UniqueName(string prefix, int randomBytes) =>
        prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(randomBytes));

    /// <summary>Creates a named network namespace (`ip netns add`).</summary>
    public static void AddNamespace(string name) => Ip("netns", "add", name);

    /// <summary>
    /// Deletes a named network namespace if it is still there; its links go with it. Processes still
    /// running inside (a daemon whose test crashed) are killed first: otherwise they would keep the
    /// namespace alive, unnamed and unreachable, after `ip netns del`.
    /// </summary>
    public static void DeleteNamespace(string name)
    {
        if (!File.Exists(Path.Combine(NetworkNamespace.NamedNamespaceDirectory, name)))
        {
            return;
        }
        var processIds = Ip("netns", "pids", name).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (processIds.Length > 0)
        {
            // Exits non-zero when one of them ended meanwhile, which is fine: it is gone either way.
            RunIgnoringFailure("kill", ["-s", "KILL", "--", .. processIds]);
        }
        Ip("netns", "del", name);
    }

    private static void RunIgnoringFailure(string fileName, IEnumerable<string> arguments)
    {
        try
        {
            Run(fileName, arguments);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
