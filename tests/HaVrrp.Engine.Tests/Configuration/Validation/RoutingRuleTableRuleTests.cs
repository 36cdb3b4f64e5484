using HaVrrp.Engine.Configuration;
using static HaVrrp.Engine.Tests.Configuration.Validation.ValidationFixtures;

namespace HaVrrp.Engine.Tests.Configuration.Validation;

public sealed class RoutingRuleTableRuleTests
{
    private static readonly HaVrrp.Engine.Configuration.Validation.ValidationEnvironment HostWithWebTable = QuietHost with
    {
        RoutingTableExists = table => table is "web" or "100" or "main",
    };

    private static RoutingRule Rule(string table, int line) => new()
    {
        Preference = 1,
        Table = table,
        Source = MapAt(line, 5).Set("table:value", At(line, 30)),
    };

    [Fact]
    public void ATableNameThisHostDoesNotKnow_IsAnError_InStaticAndVirtualRules()
    {
        var config = Config(Instance() with { VirtualRules = new[] { Rule("web", 20), Rule("nosuch", 21) } }) with
        {
            StaticRules = new[] { Rule("100", 3), Rule("db", 4) },
        };

        var diagnostics = Validate(config, HostWithWebTable);

        Assert.Equal(2, diagnostics.Count);
        AssertDiagnostic(diagnostics[0], DiagnosticSeverity.Error, DiagnosticCodes.UnknownRoutingTable,
            "static_rules: routing table 'db' is neither a number nor a name in rt_tables (/etc/iproute2/rt_tables); add it there or write its number", At(4, 30));
        AssertDiagnostic(diagnostics[1], DiagnosticSeverity.Error, DiagnosticCodes.UnknownRoutingTable,
            "vrrp_instance VI_1 virtual_rules: routing table 'nosuch' is neither a number nor a name in rt_tables (/etc/iproute2/rt_tables); add it there or write its number", At(21, 30));
    }

    [Fact]
    public void WithoutAViewOfTheHost_TableNamesAreNotChecked() =>
        Assert.Empty(Validate(Config(Instance()) with { StaticRules = new[] { Rule("db", 4) } }));
}
