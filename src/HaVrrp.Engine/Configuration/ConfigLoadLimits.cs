namespace HaVrrp.Engine.Configuration;

/// <summary>
/// How much one load of a configuration may read and build, whatever the file says. Real configurations stay
/// far below every value; the limits exist so that a hostile or broken file (a device, a runaway include,
/// a <c>$VAR</c> bomb, nesting thousands deep) becomes a diagnostic instead of taking the daemon down.
/// docs/configuration.md ("Limits") lists them with their diagnostics.
/// </summary>
public sealed record ConfigLoadLimits
{
    public const long DefaultMaxFileBytes = 4 * 1024 * 1024;

    public static ConfigLoadLimits Default { get; } = new();

    /// <summary>A larger single file is reported (HV0004) and not read.</summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>Bytes read across the main file and every include together (HV0007).</summary>
    public long MaxTotalBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Files read in one load, the main file included: bounds include fan-out, which depth alone does not (HV0007).</summary>
    public int MaxFiles { get; init; } = 1000;

    /// <summary>How deep <c>include</c> may nest (HV0032).</summary>
    public int MaxIncludeDepth { get; init; } = 32;

    /// <summary>Characters produced by <c>$NAME</c> substitution across the whole load (HV0007).</summary>
    public long MaxExpandedCharacters { get; init; } = 16 * 1024 * 1024;

    /// <summary>Blocks inside blocks (keepalived <c>{ }</c>, YAML mappings and sequences), checked before anything recurses (HV0007).</summary>
    public int MaxNestingDepth { get; init; } = 64;

    /// <summary>Findings kept; the rest are counted in one HV0008 line, so a million bad lines cannot fill the memory.</summary>
    public int MaxDiagnostics { get; init; } = 1000;
}
