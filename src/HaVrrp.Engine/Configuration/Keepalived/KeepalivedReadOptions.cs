namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>How to read a keepalived.conf: the knobs keepalived takes on its command line, plus safety limits.</summary>
public sealed record KeepalivedReadOptions
{
    /// <summary>
    /// keepalived's <c>-i/--config-id</c>, matched by <c>@id</c> and <c>@^id</c> conditional lines.
    /// keepalived defaults it to the short host name.
    /// </summary>
    public string ConfigId { get; init; } = ShortHostName();

    /// <summary>How much one read may take: file sizes, includes, expansion, nesting, findings kept.</summary>
    public ConfigLoadLimits Limits { get; init; } = ConfigLoadLimits.Default;

    private static string ShortHostName()
    {
        var name = Environment.MachineName;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? name : name[..dot];
    }
}
