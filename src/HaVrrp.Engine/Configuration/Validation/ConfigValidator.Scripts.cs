namespace HaVrrp.Engine.Configuration.Validation;

/// <summary>Rules about vrrp_script timing and the programs that scripts and notifications run.</summary>
public sealed partial class ConfigValidator
{
    private static void CheckScriptTiming(VrrpScriptConfig script, DiagnosticBag diagnostics)
    {
        if (script.Interval <= TimeSpan.Zero)
        {
            diagnostics.Error(DiagnosticCodes.ScriptTimingOutOfRange, script.Source.ValueOf("interval"),
                $"vrrp_script {script.Name} interval {Seconds(script.Interval)} must be greater than 0 seconds");
        }
        if (script.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            diagnostics.Error(DiagnosticCodes.ScriptTimingOutOfRange, script.Source.ValueOf("timeout"),
                $"vrrp_script {script.Name} timeout {Seconds(timeout)} must be greater than 0 seconds");
        }
        if (script.Rise < 1)
        {
            diagnostics.Error(DiagnosticCodes.ScriptTimingOutOfRange, script.Source.ValueOf("rise"),
                $"vrrp_script {script.Name} rise {script.Rise} must be at least 1");
        }
        if (script.Fall < 1)
        {
            diagnostics.Error(DiagnosticCodes.ScriptTimingOutOfRange, script.Source.ValueOf("fall"),
                $"vrrp_script {script.Name} fall {script.Fall} must be at least 1");
        }
    }

    /// <summary>Probes every program a script or notification would run, each program once.</summary>
    private void CheckScriptFiles(HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        var probed = new Dictionary<string, ScriptFileStatus>(StringComparer.Ordinal);
        foreach (var script in config.Scripts)
        {
            CheckScriptFile($"vrrp_script {script.Name}", script.Script, script.Source.ValueOf("script"), probed, diagnostics);
        }
        foreach (var instance in config.Instances)
        {
            CheckNotifyFiles(instance.Notify, probed, diagnostics);
        }
        foreach (var group in config.SyncGroups)
        {
            CheckNotifyFiles(group.Notify, probed, diagnostics);
        }
    }

    /// <summary>HV0128: scripts enable_script_security refuses, named with path and reason, as the daemon logs them.</summary>
    private void CheckScriptSecurity(HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        if (_environment.ScriptFileSystem is not { } fileSystem)
        {
            return;
        }
        foreach (var insecure in ScriptSecurityGate.FindInsecure(config, fileSystem, _environment.RunsAsRoot))
        {
            diagnostics.Warning(DiagnosticCodes.InsecureScript, insecure.Location, $"{insecure.Owner}: {insecure.Describe()}");
        }
    }

    /// <summary>
    /// HV0139, keepalived's "SECURITY VIOLATION - scripts are being executed but script_security not enabled": a
    /// script will run as root and nothing checks who can change its file. Said at the first such script.
    /// </summary>
    private void CheckScriptSecurityEnabled(HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        if (ScriptSecurityGate.FirstRootScriptUnchecked(config, _environment.RunsAsRoot) is { } location)
        {
            diagnostics.Warning(DiagnosticCodes.ScriptSecurityOff, location,
                "SECURITY VIOLATION - scripts are being executed but script_security not enabled: nothing checks who can change the script files run as root; add enable_script_security to global_defs (and a script_user)");
        }
    }

    private void CheckNotifyFiles(
        NotifyConfig notify, Dictionary<string, ScriptFileStatus> probed, DiagnosticBag diagnostics)
    {
        foreach (var (keyword, script) in notify.Configured())
        {
            CheckScriptFile(keyword, script.Command, script.Source.Location, probed, diagnostics);
        }
    }

    private void CheckScriptFile(
        string owner,
        string commandLine,
        SourceLocation location,
        Dictionary<string, ScriptFileStatus> probed,
        DiagnosticBag diagnostics)
    {
        var program = ScriptCommandLine.Program(commandLine);
        if (program.Length == 0)
        {
            return;
        }
        if (!probed.TryGetValue(program, out var status))
        {
            status = _environment.ProbeScript(program);
            probed[program] = status;
        }

        switch (status.State)
        {
            case ScriptFileState.NotFound:
                diagnostics.Warning(DiagnosticCodes.ScriptNotFound, location,
                    $"{owner} program {status.Path} cannot be found ({status.Reason}); install it or correct the path");
                break;
            case ScriptFileState.NotExecutable:
                diagnostics.Warning(DiagnosticCodes.ScriptNotExecutable, location,
                    $"{owner} program {status.Path} is not executable ({status.Reason}); make it executable with chmod +x");
                break;
            case ScriptFileState.Executable:
            default:
                break;
        }
    }
}
