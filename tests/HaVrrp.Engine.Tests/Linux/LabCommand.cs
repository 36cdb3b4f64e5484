using System.Diagnostics;

namespace HaVrrp.Engine.Tests.Linux;

/// <summary>Runs a command to completion and returns its standard output; throws with stderr on failure.</summary>
public static class LabCommand
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
}
