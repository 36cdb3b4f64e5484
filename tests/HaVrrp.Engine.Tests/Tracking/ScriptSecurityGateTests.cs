using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Platform.Linux.Scripts;

namespace HaVrrp.Engine.Tests.Tracking;

public class ScriptSecurityGateTests
{
    private const UnixFileMode Mode755 = (UnixFileMode)0b111_101_101;

    /// <summary>/etc/keepalived/good.sh is root's and safe; /etc/keepalived/bad.sh is writable by everyone.</summary>
    private sealed class TableFileSystem : IScriptFileSystem
    {
        private readonly Dictionary<string, FileFacts> _entries = new(StringComparer.Ordinal)
        {
            ["/"] = new(FileKind.Directory, 0, 0, Mode755),
            ["/etc"] = new(FileKind.Directory, 0, 0, Mode755),
            ["/etc/keepalived"] = new(FileKind.Directory, 0, 0, Mode755),
            ["/etc/keepalived/good.sh"] = new(FileKind.Regular, 0, 0, Mode755),
            ["/etc/keepalived/bad.sh"] = new(FileKind.Regular, 0, 0, Mode755 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite),
        };

        public string? RealPath(string path) => _entries.ContainsKey(path) ? path : null;

        public FileFacts Stat(string path) => _entries.GetValueOrDefault(path) ?? FileFacts.Missing;
    }

    private static HaVrrpConfiguration Configuration(bool secure, ScriptUser? badUser = null) => new()
    {
        Global = new GlobalSettings { EnableScriptSecurity = secure },
        Scripts =
        [
            new VrrpScriptConfig { Name = "chk_good", Script = "/etc/keepalived/good.sh", Weight = -20 },
            new VrrpScriptConfig { Name = "chk_bad", Script = "/etc/keepalived/bad.sh --quick", Weight = 0, User = badUser },
        ],
        Instances =
        [
            new VrrpInstanceConfig
            {
                Name = "VI_1",
                Interface = "eth0",
                VirtualRouterId = 51,
                TrackScripts = [new TrackReference("chk_good"), new TrackReference("chk_bad")],
                Notify = new NotifyConfig
                {
                    Master = new NotifyScript("/etc/keepalived/bad.sh master"),
                    Any = new NotifyScript("/etc/keepalived/good.sh"),
                },
            },
        ],
        SyncGroups = [new SyncGroupConfig { Name = "VG_1", Members = ["VI_1", "VI_2"], TrackScripts = [new TrackReference("chk_bad")] }],
    };

    [Fact]
    public void InsecureTrackScript_UnderScriptSecurity_IsDisabled_NeverRunAndTrackedByNobody()
    {
        var configuration = Configuration(secure: true);

        var insecure = ScriptSecurityGate.FindInsecure(configuration, new TableFileSystem(), daemonIsRoot: true);
        var running = ScriptSecurityGate.WithoutInsecure(configuration, insecure);

        Assert.Equal(["chk_good"], running.Scripts.Select(script => script.Name));
        Assert.Equal(["chk_good"], running.Instances[0].TrackScripts.Select(reference => reference.Name));
        Assert.Empty(running.SyncGroups[0].TrackScripts);
    }

    [Fact]
    public void InsecureNotifyScript_UnderScriptSecurity_IsDropped_AndSecureOnesKept()
    {
        var configuration = Configuration(secure: true);

        var running = ScriptSecurityGate.WithoutInsecure(configuration, ScriptSecurityGate.FindInsecure(configuration, new TableFileSystem(), daemonIsRoot: true));

        Assert.Null(running.Instances[0].Notify.Master);
        Assert.Equal("/etc/keepalived/good.sh", running.Instances[0].Notify.Any?.Command);
    }

    [Fact]
    public void Refusal_SaysSecurityViolation_WithPathReasonAndWhatHappensToTracking()
    {
        var insecure = ScriptSecurityGate.FindInsecure(Configuration(secure: true), new TableFileSystem(), daemonIsRoot: true);

        var script = Assert.Single(insecure, script => script.TrackScriptName == "chk_bad");
        Assert.Equal(
            "SECURITY VIOLATION - unsafe permissions found for script '/etc/keepalived/bad.sh' " +
            "(/etc/keepalived/bad.sh: file is writable by everyone (mode 0777)). " +
            "Disabling track script chk_bad due to insecure: it never runs, and the instances tracking it ignore it",
            script.Describe());
        Assert.Contains(insecure, refused => refused.Owner == "VI_1 notify_master");
    }

    [Fact]
    public void WithoutScriptSecurity_NothingIsRefused()
    {
        Assert.Empty(ScriptSecurityGate.FindInsecure(Configuration(secure: false), new TableFileSystem(), daemonIsRoot: true));
    }

    [Fact]
    public void InsecureScript_RunAsAnUnprivilegedUser_MayRun()
    {
        var configuration = Configuration(secure: true, badUser: new ScriptUser("nobody", "nogroup"));

        var insecure = ScriptSecurityGate.FindInsecure(configuration, new TableFileSystem(), daemonIsRoot: true);

        Assert.DoesNotContain(insecure, script => script.TrackScriptName == "chk_bad");
    }

    [Fact]
    public void Check_ReportsHV0128_NamingPathAndReason()
    {
        var environment = new ValidationEnvironment { ScriptFileSystem = new TableFileSystem(), RunsAsRoot = true, ProbeScript = _ => ScriptFileStatus.Executable("/x") };

        var diagnostics = new DiagnosticBag();
        new ConfigValidator(environment).Validate(Configuration(secure: true), diagnostics);

        var warning = Assert.Single(diagnostics.Items, diagnostic => diagnostic.Code == DiagnosticCodes.InsecureScript && diagnostic.Message.StartsWith("vrrp_script chk_bad", StringComparison.Ordinal));
        Assert.False(warning.IsError);
        Assert.Contains("/etc/keepalived/bad.sh: file is writable by everyone (mode 0777)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RealFile_WritableByEveryone_IsRefusedToRoot()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var directory = Directory.CreateTempSubdirectory("havrrp-security-");
        try
        {
            var script = Path.Combine(directory.FullName, "check.sh");
            File.WriteAllText(script, "#!/bin/sh\n");
            File.SetUnixFileMode(script, (UnixFileMode)0b111_111_111);

            var refusals = ScriptSecurity.Check(script, 0, 0, new UnixScriptFileSystem());

            Assert.Contains(refusals, refusal => refusal.Path == script && refusal.Reason.Contains("writable by everyone", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
