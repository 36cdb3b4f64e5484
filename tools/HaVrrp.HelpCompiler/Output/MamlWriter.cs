using System.Xml.Linq;
using HaVrrp.HelpCompiler.Markdown;
using HaVrrp.HelpCompiler.Reflection;

namespace HaVrrp.HelpCompiler.Output;

/// <summary>
/// Writes the MAML document Get-Help reads for a binary module (en-US/&lt;assembly&gt;.dll-Help.xml):
/// the prose comes from the markdown, the syntax and parameter facts from the compiled cmdlet.
/// </summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = MamlNamespaces.Msh;
    private static readonly XNamespace Maml = MamlNamespaces.Maml;
    private static readonly XNamespace Command = MamlNamespaces.Command;
    private static readonly XNamespace Dev = MamlNamespaces.Dev;

    // -WhatIf and -Confirm are added by SupportsShouldProcess, not declared as properties.
    private static readonly string[] ShouldProcessParameters = ["WhatIf", "Confirm"];

    public static XDocument Write(IEnumerable<(CmdletShape Cmdlet, CommandHelp Help)> commands) =>
        new(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems",
                new XAttribute("schema", "maml"),
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                commands.Select(c => CommandElement(c.Cmdlet, c.Help))));

    private static XElement CommandElement(CmdletShape cmdlet, CommandHelp help) =>
        new(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", cmdlet.Name),
                new XElement(Command + "verb", cmdlet.Verb),
                new XElement(Command + "noun", cmdlet.Noun),
                Description(Maml, [help.Synopsis])),
            Description(Maml, help.Description),
            new XElement(Command + "syntax",
                cmdlet.ParameterSetNames.Select(set => new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", cmdlet.Name),
                    cmdlet.InSet(set).Select(p => ParameterElement(p.Parameter, help, p.Membership, inSyntax: true)),
                    ShouldProcess(cmdlet, help, inSyntax: true)))),
            new XElement(Command + "parameters",
                cmdlet.Parameters.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => ParameterElement(p, help, membership: null, inSyntax: false)),
                ShouldProcess(cmdlet, help, inSyntax: false)),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeElement("inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeElement("returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select((e, i) => ExampleElement(e, i + 1))),
            new XElement(Command + "relatedLinks", help.RelatedLinks.Select(l => new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", l.Text),
                new XElement(Maml + "uri", l.Uri)))));

    /// <summary>
    /// One parameter: in a syntax item the facts of that set; in the parameters list the facts over
    /// all sets (required anywhere, first position, any pipeline input).
    /// </summary>
    private static XElement ParameterElement(ParameterShape parameter, CommandHelp help, ParameterSetMembership? membership, bool inSyntax)
    {
        var required = membership?.Mandatory ?? parameter.MandatoryAnywhere;
        var position = membership is null ? parameter.Position : membership.Position;
        var byValue = membership?.ValueFromPipeline ?? parameter.FromPipeline;
        var byName = membership?.ValueFromPipelineByPropertyName ?? parameter.FromPipelineByPropertyName;
        help.Parameters.TryGetValue(parameter.Name, out var prose);
        var element = new XElement(Command + "parameter",
            new XAttribute("required", Lower(required)),
            new XAttribute("variableLength", Lower(parameter.IsArray)),
            new XAttribute("globbing", Lower(parameter.SupportsWildcards)),
            new XAttribute("pipelineInput", PipelineInput(byValue, byName)),
            new XAttribute("position", position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(Maml, prose?.Description ?? []));
        if (parameter.AcceptedValues.Count > 0)
        {
            element.Add(new XElement(Command + "parameterValueGroup",
                parameter.AcceptedValues.Select(v => new XElement(Command + "parameterValue",
                    new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
        }
        // A switch takes no value: Get-Help shows [-Quiet], not [-Quiet <SwitchParameter>].
        if (!(inSyntax && parameter.IsSwitch))
        {
            element.Add(new XElement(Command + "parameterValue",
                new XAttribute("required", Lower(!parameter.IsSwitch)),
                new XAttribute("variableLength", Lower(parameter.IsArray)),
                parameter.TypeDisplayName));
        }
        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", parameter.TypeFullName), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", prose?.DefaultValue is { Length: > 0 } value ? value : "None"));
        return element;
    }

    private static IEnumerable<XElement> ShouldProcess(CmdletShape cmdlet, CommandHelp help, bool inSyntax)
    {
        if (!cmdlet.SupportsShouldProcess)
        {
            return [];
        }
        var switchType = "System.Management.Automation.SwitchParameter";
        return ShouldProcessParameters.Select(name => ParameterElement(
            new ParameterShape(name, switchType, "SwitchParameter", IsSwitch: true, name == "WhatIf" ? ["wi"] : ["cf"], false, [], []),
            help, membership: null, inSyntax));
    }

    private static XElement TypeElement(string kind, TypeHelp type) =>
        new(Command + kind,
            new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)),
            Description(Maml, type.Description));

    private static XElement ExampleElement(ExampleHelp example, int number) =>
        new(Command + "example",
            new XElement(Maml + "title", $"--------- {Title(example.Title, number)} ---------"),
            new XElement(Dev + "code", example.Code),
            // The trailing empty para keeps a blank line between this example and the next title.
            new XElement(Dev + "remarks", Paragraphs([.. example.Remarks, string.Empty])));

    private static string Title(string title, int number) =>
        title.StartsWith("Example", StringComparison.OrdinalIgnoreCase) ? title : $"Example {number}: {title}";

    private static XElement Description(XNamespace ns, IEnumerable<string> paragraphs) =>
        new(ns + "description", Paragraphs(paragraphs));

    private static IEnumerable<XElement> Paragraphs(IEnumerable<string> paragraphs) =>
        paragraphs.Select(p => new XElement(Maml + "para", p));

    private static string PipelineInput(bool byValue, bool byName) => (byValue, byName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    private static string Lower(bool value) => value ? "true" : "false";
}
