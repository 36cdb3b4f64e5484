using FsCheck;
using FsCheck.Fluent;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

/// <summary>The reader's promise: whatever the text, it returns a model and diagnostics, and never throws.</summary>
public class KeepalivedRobustnessTests
{
    private static readonly string[] Fragments =
    [
        "vrrp_instance", "VI_1", "{", "}", "\n", " ", "\t", "\"", "'", "\\", "#", "!", "@node1", "@^node1", "$X", "${X}",
        "$X=", "include", "priority", "10.0.0.1/24", "brd", "+", "dev", "virtual_ipaddress", "virtual_routes",
        "via", "track_script", "weight", "-5", "reverse", "global_defs", "vrrp_script", "script", "unicast_peer",
        "min_ttl", "authentication", "auth_type", "state", "MASTER", "virtual_server", "\r\n", "default", "::1",
        "notify_master", "user", "init_file", "overwrite", "0.5", "group", "vrrp_sync_group", "static_routes",
    ];

    [Fact]
    public void AnyMixOfKeywordsAndPunctuation_IsReadWithoutThrowing()
    {
        var texts = Gen.Elements(Fragments).ListOf().Select(parts => string.Join(' ', parts)).ToArbitrary();

        Prop.ForAll(texts, text =>
        {
            var diagnostics = new DiagnosticBag();
            var configuration = KeepalivedConfigReader.ReadText(text, "fuzz.conf", new KeepalivedReadOptions { ConfigId = "node1" }, diagnostics);
            return configuration is not null;
        }).QuickCheckThrowOnFailure();
    }
}
