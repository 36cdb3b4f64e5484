using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using static HaVrrp.Engine.Tests.Configuration.Validation.ValidationFixtures;

namespace HaVrrp.Engine.Tests.Configuration.Validation;

public sealed class ScriptRuleTests
{
    private static VrrpScriptConfig Script(string command = "/usr/bin/true") => new()
    {
        Name = "chk_haproxy",
        Script = command,
        Source = MapAt(5).Set("script:value", At(6, 12)),
    };

    /// <summary>A host where only the listed programs exist, the others missing; "/etc/k/plain.sh" is not executable.</summary>
    private static ValidationEnvironment HostWith(List<string> probed) => QuietHost with
    {
        ProbeScript = program =>
        {
            probed.Add(program);
            return program switch
            {
                "/etc/k/plain.sh" => ScriptFileStatus.NotExecutable(program, "no execute permission, mode 644"),
                "/usr/bin/true" or "/etc/k/notify.sh" => ScriptFileStatus.Executable(program),
                _ => ScriptFileStatus.NotFound(program, "no such file"),
            };
        },
    };

    [Fact]
    public void ScriptsWithoutEnableScriptSecurity_WarnOnceAtTheFirstScript_AsKeepalivedDoes()
    {
        var config = Config(Instance()) with { Scripts = [Script(), Script() with { Name = "chk_other", Source = MapAt(9) }] };

        var diagnostic = Assert.Single(ValidateWithScriptSecurityWarning(config, QuietHost with { RunsAsRoot = true }), found => found.Code == "HV0139");

        AssertDiagnostic(diagnostic, DiagnosticSeverity.Warning, "HV0139",
            "SECURITY VIOLATION - scripts are being executed but script_security not enabled: nothing checks who can change the script files run as root; add enable_script_security to global_defs (and a script_user)",
            At(5, 1));
    }

    [Fact]
    public void ScriptsWithEnableScriptSecurity_OrNotRunAsRoot_OrNoScripts_DoNotWarn()
    {
        var asRoot = QuietHost with { RunsAsRoot = true };
        var secured = Config(Instance()) with { Scripts = [Script()], Global = new GlobalSettings { EnableScriptSecurity = true } };
        var unprivileged = Config(Instance()) with { Scripts = [Script() with { User = new ScriptUser("nobody") }] };

        Assert.DoesNotContain(ValidateWithScriptSecurityWarning(secured, asRoot), found => found.Code == "HV0139");
        Assert.DoesNotContain(ValidateWithScriptSecurityWarning(unprivileged, asRoot), found => found.Code == "HV0139");
        Assert.DoesNotContain(ValidateWithScriptSecurityWarning(Config(Instance()) with { Scripts = [Script()] }), found => found.Code == "HV0139");
        Assert.DoesNotContain(ValidateWithScriptSecurityWarning(Config(Instance()), asRoot), found => found.Code == "HV0139");
    }

    [Theory]
    [InlineData(0, "vrrp_script chk_haproxy interval 0 must be greater than 0 seconds")]
    [InlineData(-2, "vrrp_script chk_haproxy interval -2 must be greater than 0 seconds")]
    public void ScriptIntervalNotPositive_IsAnError(int seconds, string message)
    {
        var script = Script() with { Interval = TimeSpan.FromSeconds(seconds) };
        script.Source.Set("interval:value", At(7, 14));

        AssertDiagnostic(Single(Config(Instance()) with { Scripts = new[] { script } }), DiagnosticSeverity.Error,
            "HV0123", message, At(7, 14));
    }

    [Fact]
    public void ScriptTimeoutRiseAndFall_AreEachChecked()
    {
        var script = Script() with { Timeout = TimeSpan.Zero, Rise = 0, Fall = 0 };

        var messages = Validate(Config(Instance()) with { Scripts = new[] { script } }).Select(d => $"{d.Code} {d.Message}");

        Assert.Equal(
            [
                "HV0123 vrrp_script chk_haproxy timeout 0 must be greater than 0 seconds",
                "HV0123 vrrp_script chk_haproxy rise 0 must be at least 1",
                "HV0123 vrrp_script chk_haproxy fall 0 must be at least 1",
            ],
            messages);
    }

    [Fact]
    public void MissingScriptProgram_WarnsWithThePathAndTheReason()
    {
        var script = Script("/etc/k/chk.sh --port 80");

        AssertDiagnostic(Single(Config(Instance()) with { Scripts = new[] { script } }, HostWith([])),
            DiagnosticSeverity.Warning, "HV0114",
            "vrrp_script chk_haproxy program /etc/k/chk.sh cannot be found (no such file); install it or correct the path",
            At(6, 12));
    }

    [Fact]
    public void NotExecutableNotifyScript_WarnsWithThePathAndTheReason()
    {
        var instance = Instance() with
        {
            Notify = new NotifyConfig { Master = new NotifyScript("/etc/k/plain.sh master") { Source = MapAt(25, 5) } },
        };

        AssertDiagnostic(Single(Config(instance), HostWith([])), DiagnosticSeverity.Warning, "HV0115",
            "notify_master program /etc/k/plain.sh is not executable (no execute permission, mode 644); make it executable with chmod +x",
            At(25, 5));
    }

    [Fact]
    public void EveryNotifyKeyword_OfInstancesAndSyncGroups_IsProbedByItsFirstWord()
    {
        var probed = new List<string>();
        var notify = new NotifyConfig
        {
            Master = new NotifyScript("/etc/k/notify.sh master"),
            Backup = new NotifyScript("'/etc/k/notify.sh' backup"),
            Fault = new NotifyScript("/etc/k/notify.sh fault"),
            Stop = new NotifyScript("/etc/k/notify.sh stop"),
            Any = new NotifyScript("/etc/k/notify.sh"),
            MasterRxLowerPriority = new NotifyScript("/usr/bin/true"),
        };
        var group = new SyncGroupConfig
        {
            Name = "G1",
            Members = new[] { "VI_1", "VI_2" },
            Notify = new NotifyConfig { Fault = new NotifyScript("/etc/k/group-fault") { Source = MapAt(57, 5) } },
        };
        var config = Config(Instance("VI_1") with { Notify = notify }, Instance("VI_2") with { VirtualRouterId = 52 }) with
        {
            SyncGroups = new[] { group },
        };

        var diagnostic = Single(config, HostWith(probed));

        Assert.Equal(["/etc/k/notify.sh", "/usr/bin/true", "/etc/k/group-fault"], probed);
        AssertDiagnostic(diagnostic, DiagnosticSeverity.Warning, "HV0114",
            "notify_fault program /etc/k/group-fault cannot be found (no such file); install it or correct the path",
            At(57, 5));
    }
}
