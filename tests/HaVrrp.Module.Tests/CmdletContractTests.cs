using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace HaVrrp.PowerShell.Tests;

/// <summary>The rules every HaVrrp cmdlet keeps, checked from metadata (PowerShell's own guidelines).</summary>
public sealed partial class CmdletContractTests : IClassFixture<ModuleMetadata>
{
    // Verbs whose cmdlets change something on the host: they must support -WhatIf and -Confirm.
    private static readonly HashSet<string> ChangingVerbs =
        ["Set", "Invoke", "Remove", "Add", "New", "Convert", "Start", "Stop", "Restart", "Suspend", "Resume", "Move", "Switch", "Register", "Unregister", "Reset", "Clear"];

    private readonly ModuleMetadata _module;

    public CmdletContractTests(ModuleMetadata module) => _module = module;

    [Fact]
    public void Module_ExportsAtLeastTheConfigurationCmdlets()
    {
        var names = _module.Cmdlets.Select(ModuleMetadata.CommandName).ToList();
        Assert.Contains("Test-VrrpConfiguration", names);
        Assert.Contains("Convert-KeepalivedConfig", names);
    }

    [Fact]
    public void EveryCmdlet_UsesAnApprovedVerb()
    {
        var approved = _module.ApprovedVerbs();
        Assert.Contains("Get", approved);
        foreach (var cmdlet in _module.Cmdlets)
        {
            var verb = ModuleMetadata.CommandName(cmdlet).Split('-')[0];
            Assert.True(approved.Contains(verb), $"{ModuleMetadata.CommandName(cmdlet)} uses the unapproved verb {verb}");
        }
    }

    [Fact]
    public void EveryCmdlet_DeclaresItsOutputType()
    {
        foreach (var cmdlet in _module.Cmdlets)
        {
            Assert.True(
                cmdlet.CustomAttributes.Any(a => a.AttributeType.Name == "OutputTypeAttribute"),
                $"{ModuleMetadata.CommandName(cmdlet)} has no [OutputType]");
        }
    }

    [Fact]
    public void EveryChangingCmdlet_SupportsShouldProcess()
    {
        foreach (var cmdlet in _module.Cmdlets)
        {
            var name = ModuleMetadata.CommandName(cmdlet);
            if (!ChangingVerbs.Contains(name.Split('-')[0]))
            {
                continue;
            }
            var supports = ModuleMetadata.NamedArgument<bool>(ModuleMetadata.CmdletAttribute(cmdlet)!, "SupportsShouldProcess");
            Assert.True(supports, $"{name} changes state but does not support -WhatIf/-Confirm");
        }
    }

    [Fact]
    public void Manifest_ExportsExactlyTheCmdletsInTheAssembly()
    {
        var manifest = File.ReadAllText(Path.Combine(ModuleMetadata.RepositoryRoot, "HaVrrp.psd1"));
        var block = CmdletsToExport().Match(manifest);
        Assert.True(block.Success, "HaVrrp.psd1 has no CmdletsToExport list");
        var exported = QuotedName().Matches(block.Groups[1].Value).Select(m => m.Groups[1].Value).Order().ToList();
        var inAssembly = _module.Cmdlets.Select(ModuleMetadata.CommandName).Order().ToList();
        Assert.Equal(inAssembly, exported);
    }

    [Fact]
    public void EveryOutputObjectType_HasATableAndAListView()
    {
        // Without a list view, Format-List falls back to ToString of every property: raw record dumps.
        var formats = XDocument.Load(Path.Combine(ModuleMetadata.RepositoryRoot, "src", "HaVrrp.Module", "HaVrrp.Format.ps1xml"));
        var views = formats.Descendants("View")
            .Select(v => (Type: v.Element("ViewSelectedBy")?.Element("TypeName")?.Value, Control: v.Elements().Last().Name.LocalName))
            .ToList();
        foreach (var cmdlet in _module.Cmdlets)
        {
            var outputTypes = cmdlet.CustomAttributes
                .Where(a => a.AttributeType.Name == "OutputTypeAttribute")
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(argument => argument.Value is IEnumerable<System.Reflection.CustomAttributeTypedArgument> list ? list.Select(i => i.Value) : [argument.Value])
                .OfType<Type>()
                .Where(t => t.Assembly.GetName().Name!.StartsWith("HaVrrp", StringComparison.Ordinal));
            foreach (var type in outputTypes)
            {
                foreach (var control in new[] { "TableControl", "ListControl" })
                {
                    Assert.True(views.Contains((type.FullName, control)),
                        $"{ModuleMetadata.CommandName(cmdlet)} writes {type.FullName}, which has no {control} view in HaVrrp.Format.ps1xml");
                }
            }
        }
    }

    [Fact]
    public void PathParameters_BindFromThePipelineByPropertyName()
    {
        foreach (var cmdlet in _module.Cmdlets)
        {
            var path = ModuleMetadata.Parameters(cmdlet).FirstOrDefault(p => p.Name == "Path");
            if (path is null)
            {
                continue;
            }
            var parameter = path.CustomAttributes.First(a => a.AttributeType.Name == "ParameterAttribute");
            Assert.True(ModuleMetadata.NamedArgument<bool>(parameter, "ValueFromPipelineByPropertyName"),
                $"{ModuleMetadata.CommandName(cmdlet)} -Path does not bind by property name (Get-ChildItem | ...)");
        }
    }

    [GeneratedRegex(@"CmdletsToExport\s*=\s*@\(([^)]*)\)", RegexOptions.Singleline)]
    private static partial Regex CmdletsToExport();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex QuotedName();
}
