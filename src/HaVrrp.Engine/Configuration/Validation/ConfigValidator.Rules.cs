namespace HaVrrp.Engine.Configuration.Validation;

public sealed partial class ConfigValidator
{
    /// <summary>
    /// keepalived refuses a rule whose table name is not in rt_tables at load; so does --check, rather than the
    /// rule failing on the host the first time the instance becomes master.
    /// </summary>
    private void CheckRoutingRuleTablesKnown(HaVrrpConfiguration config, DiagnosticBag diagnostics)
    {
        if (_environment.RoutingTableExists is not { } exists)
        {
            return;
        }
        var rules = config.StaticRules.Select(rule => (List: "static_rules", Rule: rule))
            .Concat(config.Instances.SelectMany(instance => instance.VirtualRules.Select(rule => (List: $"vrrp_instance {instance.Name} virtual_rules", Rule: rule))));
        foreach (var (list, rule) in rules)
        {
            if (rule.Action == RoutingRuleAction.Table && rule.Table is { } table && !exists(table))
            {
                diagnostics.Error(DiagnosticCodes.UnknownRoutingTable, rule.Source.ValueOf("table"),
                    $"{list}: routing table '{table}' is neither a number nor a name in rt_tables (/etc/iproute2/rt_tables); add it there or write its number");
            }
        }
    }
}
