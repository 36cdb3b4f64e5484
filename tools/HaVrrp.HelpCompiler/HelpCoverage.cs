using HaVrrp.HelpCompiler.Markdown;
using HaVrrp.HelpCompiler.Reflection;

namespace HaVrrp.HelpCompiler;

/// <summary>
/// What the help leaves out: a cmdlet without a page, a parameter without a description, fewer than
/// two examples. The module's tests fail on any gap (docs/development.md, "Rules the tests keep").
/// </summary>
internal static class HelpCoverage
{
    public const int MinimumExamples = 2;

    public static IReadOnlyList<string> Gaps(IEnumerable<CmdletShape> cmdlets, IReadOnlyDictionary<string, CommandHelp> pages)
    {
        var gaps = new List<string>();
        foreach (var cmdlet in cmdlets)
        {
            if (!pages.TryGetValue(cmdlet.Name, out var help))
            {
                gaps.Add($"{cmdlet.Name} has no page docs/help/{cmdlet.Name}.md");
                continue;
            }
            if (string.IsNullOrWhiteSpace(help.Synopsis))
            {
                gaps.Add($"{cmdlet.Name} has no SYNOPSIS");
            }
            if (help.Description.Count == 0)
            {
                gaps.Add($"{cmdlet.Name} has no DESCRIPTION");
            }
            if (help.Examples.Count(e => e.Code.Length > 0) < MinimumExamples)
            {
                gaps.Add($"{cmdlet.Name} has {help.Examples.Count} examples with code; at least {MinimumExamples} are needed");
            }
            var documented = cmdlet.Parameters.Select(p => p.Name)
                .Concat(cmdlet.SupportsShouldProcess ? ["WhatIf", "Confirm"] : []);
            foreach (var name in documented)
            {
                if (!help.Parameters.TryGetValue(name, out var parameter) || parameter.Description.Count == 0)
                {
                    gaps.Add($"{cmdlet.Name} -{name} has no description under '### -{name}'");
                }
            }
        }
        return gaps;
    }
}
