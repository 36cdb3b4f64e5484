namespace HaVrrp.HelpCompiler.Markdown;

/// <summary>What a platyPS-style markdown page says about one cmdlet, before it meets the cmdlet's real shape.</summary>
internal sealed record CommandHelp(
    string Name,
    string Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyDictionary<string, ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<RelatedLink> RelatedLinks);

/// <summary>One example: the commands to type, then what the page says about them (text and sample output).</summary>
internal sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>The prose of one parameter; type, position and pipeline input come from the cmdlet itself.</summary>
internal sealed record ParameterHelp(IReadOnlyList<string> Description, string? DefaultValue);

/// <summary>An INPUTS or OUTPUTS entry.</summary>
internal sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

/// <summary>A RELATED LINKS entry; Uri is empty for links into this repository, which Get-Help -Online cannot open.</summary>
internal sealed record RelatedLink(string Text, string Uri);
