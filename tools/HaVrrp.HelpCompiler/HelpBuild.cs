using HaVrrp.HelpCompiler.Markdown;
using HaVrrp.HelpCompiler.Output;
using HaVrrp.HelpCompiler.Reflection;

namespace HaVrrp.HelpCompiler;

/// <summary>
/// One run of the compiler: every cmdlet page in the help folder becomes part of the module's MAML
/// file, every about_*.md page an about_*.help.txt, both in the culture folder next to the module.
/// </summary>
internal sealed record HelpBuild(string ModulePath, string AutomationReferencePath, string HelpDirectory, string OutputDirectory)
{
    public string MamlPath => Path.Combine(OutputDirectory, Path.GetFileName(ModulePath) + "-Help.xml");

    /// <summary>Writes the help and returns the coverage gaps found on the way (docs/powershell.md, "Help without platyPS").</summary>
    public IReadOnlyList<string> Run()
    {
        Directory.CreateDirectory(OutputDirectory);
        var pages = Directory.GetFiles(HelpDirectory, "*.md")
            .Where(p => !IsAboutTopic(p))
            .Select(p => Parse(p))
            .ToDictionary(h => h.Name, StringComparer.OrdinalIgnoreCase);

        using var reflector = new CmdletReflector(ModulePath, AutomationReferencePath);
        var cmdlets = reflector.Cmdlets();
        var documented = cmdlets.Where(c => pages.ContainsKey(c.Name)).Select(c => (c, pages[c.Name]));
        MamlWriter.Write(documented).Save(MamlPath);

        foreach (var about in Directory.GetFiles(HelpDirectory, "about_*.md"))
        {
            var target = Path.Combine(OutputDirectory, Path.GetFileNameWithoutExtension(about) + ".help.txt");
            File.WriteAllText(target, AboutTopicWriter.Write(File.ReadAllText(about)));
        }
        return HelpCoverage.Gaps(cmdlets, pages);
    }

    private static bool IsAboutTopic(string path) =>
        Path.GetFileName(path).StartsWith("about_", StringComparison.OrdinalIgnoreCase);

    private static CommandHelp Parse(string path)
    {
        try
        {
            return CommandHelpParser.Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }
}
