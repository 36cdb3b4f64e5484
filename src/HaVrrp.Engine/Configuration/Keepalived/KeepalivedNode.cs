namespace HaVrrp.Engine.Configuration.Keepalived;

/// <summary>
/// One statement of keepalived.conf: a keyword, the arguments written after it on its line, and the block that
/// follows it, if any (<c>vrrp_instance VI_1 { ... }</c>). List items such as an address inside
/// <c>virtual_ipaddress</c> are statements too: the address is the keyword.
/// </summary>
internal sealed class KeepalivedNode(KeepalivedToken keyword, IReadOnlyList<KeepalivedToken> arguments)
{
    public KeepalivedToken Keyword { get; } = keyword;

    public string Name => Keyword.Text;

    public SourceLocation Location => Keyword.Location;

    public IReadOnlyList<KeepalivedToken> Arguments { get; } = arguments;

    /// <summary>The statements inside the block; null when the keyword has no block.</summary>
    public List<KeepalivedNode>? Block { get; private set; }

    /// <summary>Where the block's '{' was written.</summary>
    public SourceLocation BlockLocation { get; private set; }

    public List<KeepalivedNode> OpenBlock(SourceLocation openBrace)
    {
        BlockLocation = openBrace;
        Block = [];
        return Block;
    }
}
