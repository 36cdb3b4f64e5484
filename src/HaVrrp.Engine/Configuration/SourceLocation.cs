namespace HaVrrp.Engine.Configuration;

/// <summary>Where a piece of configuration came from: file, 1-based line and 1-based column.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>A location for things that have no place in a file (defaults, built-in values).</summary>
    public static SourceLocation None { get; } = new(string.Empty, 0, 0);

    public bool IsKnown => Line > 0;

    public override string ToString() => IsKnown ? $"{File}:{Line}:{Column}" : File;
}
