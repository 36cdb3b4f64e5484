using System.Xml.Linq;
using HaVrrp.HelpCompiler;
using HaVrrp.HelpCompiler.Markdown;
using HaVrrp.HelpCompiler.Output;
using HaVrrp.HelpCompiler.Reflection;

namespace HaVrrp.PowerShell.Tests;

/// <summary>tools/HaVrrp.HelpCompiler: platyPS-style markdown in, the MAML and about_ text Get-Help reads out.</summary>
public sealed class HelpCompilerTests
{
    private static readonly XNamespace Maml = MamlNamespaces.Maml;
    private static readonly XNamespace Command = MamlNamespaces.Command;
    private static readonly XNamespace Dev = MamlNamespaces.Dev;

    private const string Page = """
        ---
        document type: cmdlet
        title: Get-Thing
        ---

        # Get-Thing

        ## SYNOPSIS

        Gets things.

        ## SYNTAX

        ### Default

        ```
        Get-Thing [[-Name] <string[]>]
        ```

        ## DESCRIPTION

        Reads the things
        from the store.

        Second paragraph.

        ## EXAMPLES

        ### Example 1: All things

        ```powershell
        Get-Thing
        ```

        Lists every thing.

        ```output
        Name
        ----
        a
        ```

        ### Example 2: Some things

        ```powershell
        Get-Thing a*
        ```

        ## PARAMETERS

        ### -Name

        The things to get.

        ```yaml
        Type: System.String[]
        DefaultValue: '*'
        ```

        ### CommonParameters

        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.String

        A name.

        ## OUTPUTS

        ### Thing

        ## NOTES

        Read only.

        ## RELATED LINKS

        - [Set-Thing](Set-Thing.md)
        - [Online](https://example.invalid/get-thing)
        """;

    [Fact]
    public void Parser_ReadsEverySectionOfAPlatyPSPage()
    {
        var help = CommandHelpParser.Parse(Page);

        Assert.Equal("Get-Thing", help.Name);
        Assert.Equal("Gets things.", help.Synopsis);
        Assert.Equal(["Reads the things from the store.", "Second paragraph."], help.Description);
        Assert.Equal(2, help.Examples.Count);
        Assert.Equal("Example 1: All things", help.Examples[0].Title);
        Assert.Equal("Get-Thing", help.Examples[0].Code);
        Assert.Equal(["Lists every thing.", "Name\n----\na"], help.Examples[0].Remarks);
        Assert.Equal(["The things to get."], help.Parameters["Name"].Description);
        Assert.Equal("*", help.Parameters["Name"].DefaultValue);
        Assert.False(help.Parameters.ContainsKey("CommonParameters"));
        Assert.Equal("System.String", Assert.Single(help.Inputs).TypeName);
        Assert.Equal("Thing", Assert.Single(help.Outputs).TypeName);
        Assert.Equal(["Read only."], help.Notes);
        Assert.Equal([new RelatedLink("Set-Thing", string.Empty), new RelatedLink("Online", "https://example.invalid/get-thing")], help.RelatedLinks);
    }

    [Fact]
    public void Parser_RejectsAPageWithoutACmdletHeading() =>
        Assert.Throws<FormatException>(() => CommandHelpParser.Parse("## SYNOPSIS\n\nNo name."));

    [Fact]
    public void MamlWriter_BuildsSyntaxFromTheRealParameterSets()
    {
        var command = WriteOne(TwoSetCmdlet(), CommandHelpParser.Parse(Page.Replace("Get-Thing", "Set-Thing", StringComparison.Ordinal)));

        var syntax = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(2, syntax.Count);
        // The default set (only shared parameters) comes first; ByFile adds -OutFile.
        Assert.Equal(["Name", "Force", "WhatIf", "Confirm"], ParameterNames(syntax[0]));
        Assert.Equal(["Name", "OutFile", "Force", "WhatIf", "Confirm"], ParameterNames(syntax[1]));

        var force = syntax[0].Elements(Command + "parameter").Single(p => Name(p) == "Force");
        Assert.Null(force.Element(Command + "parameterValue")); // [-Force], not [-Force <SwitchParameter>]
        var name = syntax[0].Elements(Command + "parameter").Single(p => Name(p) == "Name");
        Assert.Equal("0", (string?)name.Attribute("position"));
        Assert.Equal("True (ByValue, ByPropertyName)", (string?)name.Attribute("pipelineInput"));
        Assert.Equal("true", (string?)name.Attribute("globbing"));
        Assert.Equal("String[]", name.Element(Command + "parameterValue")!.Value);
    }

    [Fact]
    public void MamlWriter_ListsEveryParameterWithItsProseAndFacts()
    {
        var command = WriteOne(TwoSetCmdlet(), CommandHelpParser.Parse(Page.Replace("Get-Thing", "Set-Thing", StringComparison.Ordinal)));

        var parameters = command.Element(Command + "parameters")!.Elements(Command + "parameter").ToList();
        Assert.Equal(["Force", "Name", "OutFile", "WhatIf", "Confirm"], parameters.Select(Name));
        var name = parameters.Single(p => Name(p) == "Name");
        Assert.Equal("The things to get.", name.Element(Maml + "description")!.Element(Maml + "para")!.Value);
        Assert.Equal("*", name.Element(Dev + "defaultValue")!.Value);
        Assert.Equal("System.String[]", name.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        var outFile = parameters.Single(p => Name(p) == "OutFile");
        Assert.Equal("true", (string?)outFile.Attribute("required"));
        Assert.Equal("named", (string?)outFile.Attribute("position"));
        Assert.Equal("False", (string?)outFile.Attribute("pipelineInput"));
    }

    [Fact]
    public void MamlWriter_CarriesSynopsisDescriptionExamplesAndLinks()
    {
        var help = CommandHelpParser.Parse(Page);
        var command = WriteOne(new CmdletShape("Get", "Thing", null, false, [Name()]), help);

        Assert.Equal("Get-Thing", command.Element(Command + "details")!.Element(Command + "name")!.Value);
        Assert.Equal("Gets things.", command.Element(Command + "details")!.Element(Maml + "description")!.Value);
        Assert.Equal(2, command.Element(Maml + "description")!.Elements(Maml + "para").Count());
        var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToList();
        Assert.Equal(2, examples.Count);
        Assert.Equal("Get-Thing a*", examples[1].Element(Dev + "code")!.Value);
        Assert.Contains("Example 1: All things", examples[0].Element(Maml + "title")!.Value, StringComparison.Ordinal);
        Assert.Equal(2, command.Element(Command + "relatedLinks")!.Elements().Count());
        Assert.Single(command.Element(Command + "syntax")!.Elements(Command + "syntaxItem"));
    }

    [Fact]
    public void AboutTopicWriter_WritesGetHelpsPlainTextLayout()
    {
        var text = AboutTopicWriter.Write("""
            # about_Thing

            ## SHORT DESCRIPTION

            Things.

            ## LONG DESCRIPTION

            A long paragraph that goes on and on about things, so long that it has to be wrapped before the eightieth column.

            ```powershell
            Get-Thing
            ```
            """);

        var lines = text.Split('\n');
        Assert.Equal(["TOPIC", "    about_Thing", "", "SHORT DESCRIPTION", "", "    Things."], lines[..6]);
        Assert.Contains("LONG DESCRIPTION", lines);
        Assert.Contains("        Get-Thing", lines);
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"'{line}' is wider than 80 columns"));
    }

    [Fact]
    public void Coverage_FindsAMissingParameterTooFewExamplesAndAMissingPage()
    {
        var help = CommandHelpParser.Parse(Page) with { Examples = [new ExampleHelp("Example 1", "Get-Thing", [])] };
        var undocumented = new CmdletShape("Get", "Thing", null, false, [Name(), Switch("Force")]);
        var pages = new Dictionary<string, CommandHelp> { ["Get-Thing"] = help };

        var gaps = HelpCoverage.Gaps([undocumented, new CmdletShape("Set", "Thing", null, true, [])], pages);

        Assert.Contains(gaps, g => g.Contains("Get-Thing -Force", StringComparison.Ordinal));
        Assert.Contains(gaps, g => g.Contains("Get-Thing has 1 examples", StringComparison.Ordinal));
        Assert.Contains(gaps, g => g.Contains("Set-Thing has no page", StringComparison.Ordinal));
        Assert.DoesNotContain(gaps, g => g.Contains("-Name", StringComparison.Ordinal));
    }

    [Fact]
    public void ShippedHelp_DescribesEveryParameterOfTheCompiledModule_WithTwoExamplesEach()
    {
        var output = Directory.CreateTempSubdirectory("havrrp-help-");
        try
        {
            var build = new HelpBuild(
                Path.Combine(AppContext.BaseDirectory, "HaVrrp.Module.dll"),
                ModuleMetadata.Metadata("PowerShellReferenceAssembly"),
                Path.Combine(ModuleMetadata.RepositoryRoot, "docs", "help"),
                output.FullName);

            var gaps = build.Run();

            Assert.True(gaps.Count == 0, "docs/help is missing:\n" + string.Join('\n', gaps));
            var commands = XDocument.Load(build.MamlPath).Root!.Elements(Command + "command").ToList();
            Assert.Contains(commands, c => c.Element(Command + "details")!.Element(Command + "name")!.Value == "Test-VrrpConfiguration");
            Assert.True(File.Exists(Path.Combine(output.FullName, "about_HaVrrp.help.txt")));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static XElement WriteOne(CmdletShape cmdlet, CommandHelp help) =>
        MamlWriter.Write([(cmdlet, help)]).Root!.Element(Command + "command")!;

    /// <summary>Set-Thing: -Name in every set (positional, pipeline), -OutFile only in ByFile, a -Force switch, -WhatIf/-Confirm.</summary>
    private static CmdletShape TwoSetCmdlet() =>
        new("Set", "Thing", "Default", true,
        [
            Name(),
            new ParameterShape("OutFile", "System.String", "String", false, [], false, [],
                [new ParameterSetMembership("ByFile", true, null, false, false)]),
            Switch("Force"),
        ]);

    private static ParameterShape Name() =>
        new("Name", "System.String[]", "String[]", false, ["N"], true, [],
            [new ParameterSetMembership(CmdletShape.AllParameterSets, false, 0, true, true)]);

    private static ParameterShape Switch(string name) =>
        new(name, "System.Management.Automation.SwitchParameter", "SwitchParameter", true, [], false, [],
            [new ParameterSetMembership(CmdletShape.AllParameterSets, false, null, false, false)]);

    private static string Name(XElement parameter) => parameter.Element(Maml + "name")!.Value;

    private static List<string> ParameterNames(XElement syntaxItem) =>
        syntaxItem.Elements(Command + "parameter").Select(Name).ToList();
}
