namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>How to read a keepalived.conf: the knobs keepalived takes on its command line, plus safety limits.</summary>
public sealed record KeepalivedReadOptions
{
    /// <summary>
    /// keepalived's <c>-i/--config-id</c>, matched by <c>@id</c> and <c>@^id</c> conditional lines.
    /// keepalived defaults it to the short host name.
    /// </summary>
    public string ConfigId { get; init; } = ShortHostName();

    /// <summary>A larger file is reported (HV0004) and not read.</summary>
    public long MaxFileBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How deep <c>include</c> may nest before HV0032 stops it.</summary>
    public int MaxIncludeDepth { get; init; } = 32;

    private static string ShortHostName()
    {
        var name = Environment.MachineName;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? name : name[..dot];
    }
}
