using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Engine.Platform.Linux.Scheduling;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Platform.Linux.Scripts;

/// <summary>
/// Runs scripts the way keepalived 2.2 does, with tighter containment. Each run is started as
/// <c>setsid [setpriv --reuid U --regid G --groups G --] argv...</c>, both from util-linux, which exec
/// in place without forking:
/// <list type="bullet">
/// <item><c>setsid</c> makes the script the leader of a new session and process group whose id is its
/// pid, so a timeout can signal everything it started (keepalived calls setpgid in its child).</item>
/// <item><c>setpriv</c> switches user and group before exec, which .NET's Process cannot do. It is
/// chosen over <c>runuser</c> because it involves no PAM session, no login shell and no extra fork:
/// it sets exactly what keepalived sets (gid, the supplementary groups to just that gid, then uid).</item>
/// <item>When havrrpd runs real-time (<c>vrrp_rt_priority</c>), <c>chrt --other 0</c> comes first: the script runs
/// with normal scheduling, as keepalived's do, and cannot starve the host.</item>
/// </list>
/// On timeout the group gets SIGTERM, then SIGKILL after <see cref="ScriptCommand.KillGrace"/>, as in
/// keepalived. Output is drained all along and only the first bytes kept, so a chatty script never
/// blocks on a full pipe. .NET reaps the child; leftovers in the group are killed when it exits.
/// </summary>
public sealed class ScriptRunner(TimeProvider timeProvider) : IScriptRunner
{
    /// <summary>How long output may keep flowing after the group is gone: only a process that escaped the group can hold the pipe.</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(1);

    private static readonly string[] ToolDirectories = ["/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/"];
    private static readonly string SetSid = FindTool("setsid");
    private static readonly string SetPriv = FindTool("setpriv");
    private static readonly string Chrt = FindTool("chrt");

    public ScriptRunner()
        : this(TimeProvider.System)
    {
    }

    public async Task<ScriptRunResult> RunAsync(ScriptCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var started = timeProvider.GetUtcNow();
        var startInfo = BuildStartInfo(command, out var startError);
        if (startInfo is null)
        {
            return NotStarted(started, startError!);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            return NotStarted(started, exception.Message);
        }

        var processGroup = process.Id;
        process.StandardInput.Close();
        var standardOutput = CappedReader.Start(process.StandardOutput.BaseStream, command.OutputLimit);
        var standardError = CappedReader.Start(process.StandardError.BaseStream, command.OutputLimit);

        var timedOut = false;
        try
        {
            timedOut = !await WaitForExitAsync(process, command.Timeout, cancellationToken).ConfigureAwait(false);
            if (timedOut)
            {
                await TerminateGroupAsync(process, processGroup, command.KillGrace).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            await TerminateGroupAsync(process, processGroup, command.KillGrace).ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (command.KillLeftoverProcesses || timedOut)
            {
                SignalGroup(processGroup, LibC.SignalKill);
            }
        }

        var duration = timeProvider.GetUtcNow() - started;
        await WaitForDrainAsync(standardOutput, standardError).ConfigureAwait(false);
        var output = standardOutput.Snapshot();
        var error = standardError.Snapshot();

        var outcome = timedOut ? ScriptOutcome.TimedOut : ScriptOutcome.Exited(process.ExitCode);
        return new ScriptRunResult(outcome, started, duration)
        {
            ProcessId = processGroup,
            StandardOutput = output.Text,
            StandardError = error.Text,
            OutputTruncated = output.Truncated || error.Truncated,
        };
    }

    /// <summary>
    /// The argv handed to <see cref="Process"/>: chrt when havrrpd runs real-time, setsid, then setpriv when a user is given, then the script.
    /// Null with a reason when the user or group does not exist.
    /// </summary>
    internal static ProcessStartInfo? BuildStartInfo(ScriptCommand command, out string? error) =>
        BuildStartInfo(command, ProcessScheduler.ChildrenNeedNormalScheduling, out error);

    internal static ProcessStartInfo? BuildStartInfo(ScriptCommand command, bool normalScheduling, out string? error)
    {
        error = null;
        if (command.Arguments.Count == 0)
        {
            error = "the command line is empty";
            return null;
        }

        var startInfo = new ProcessStartInfo(normalScheduling ? Chrt : SetSid)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (normalScheduling)
        {
            foreach (var argument in (string[])["--other", "0", SetSid])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        if (command.User is { } user)
        {
            if (LibC.LookUpUser(user.User) is not { } account)
            {
                error = $"user {user.User} does not exist";
                return null;
            }
            var groupId = account.Gid;
            if (user.Group is { } groupName)
            {
                if (LibC.LookUpGroup(groupName) is not { } found)
                {
                    error = $"group {groupName} does not exist";
                    return null;
                }
                groupId = found;
            }

            var uid = account.Uid.ToString(CultureInfo.InvariantCulture);
            var gid = groupId.ToString(CultureInfo.InvariantCulture);
            foreach (var argument in (string[])[SetPriv, $"--reuid={uid}", $"--regid={gid}", $"--groups={gid}", "--"])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        return startInfo;
    }

    /// <summary>Waits for both pipes to reach their end, or gives up after <see cref="DrainGrace"/>.</summary>
    private async Task WaitForDrainAsync(CappedReader standardOutput, CappedReader standardError)
    {
        try
        {
            await Task.WhenAll(standardOutput.Completion, standardError.Completion)
                .WaitAsync(DrainGrace, timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A process that left the group (its own setsid) still holds the pipe; disposing the
            // Process closes our ends, and the snapshot reports the output as truncated.
        }
    }

    /// <summary>True when the process exited within <paramref name="timeout"/>.</summary>
    private async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>SIGTERM to the group, SIGKILL after the grace, and wait until the leader is reaped.</summary>
    private async Task TerminateGroupAsync(Process process, int processGroup, TimeSpan killGrace)
    {
        SignalGroup(processGroup, LibC.SignalTerminate);
        if (await WaitForExitAsync(process, killGrace, CancellationToken.None).ConfigureAwait(false))
        {
            return;
        }
        SignalGroup(processGroup, LibC.SignalKill);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static void SignalGroup(int processGroup, int signal)
    {
        // A negative pid addresses the whole group. ESRCH just means everyone is already gone; if the
        // script has not reached setsid yet, it is still alone in its own pid, so signal that instead.
        if (LibC.Kill(-processGroup, signal) != 0)
        {
            LibC.Kill(processGroup, signal);
        }
    }

    private static ScriptRunResult NotStarted(DateTimeOffset started, string reason) =>
        new(ScriptOutcome.FailedToStart, started, TimeSpan.Zero) { StartError = reason };

    private static string FindTool(string name) =>
        ToolDirectories.Select(directory => directory + name).FirstOrDefault(File.Exists) ?? name;
}
