namespace HaVrrp.Engine.Configuration.Keepalived;

internal enum KeepalivedTokenKind
{
    /// <summary>A bare word: a keyword, a number, an address, an unquoted path.</summary>
    Word,

    /// <summary>A quoted string, escapes already resolved; it is never a keyword or a brace.</summary>
    QuotedString,

    OpenBrace,

    CloseBrace,

    /// <summary>End of a line: keywords take their arguments from the rest of their line.</summary>
    EndOfLine,
}

/// <summary>One token and where it was written, in the file that holds it (included files included).</summary>
internal readonly record struct KeepalivedToken(KeepalivedTokenKind Kind, string Text, SourceLocation Location)
{
    public bool IsValue => Kind is KeepalivedTokenKind.Word or KeepalivedTokenKind.QuotedString;

    public bool IsWord(string text) => Kind == KeepalivedTokenKind.Word && Text == text;

    public override string ToString() => Text;
}
