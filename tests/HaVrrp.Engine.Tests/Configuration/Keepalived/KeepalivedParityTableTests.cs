using System.Reflection;
using System.Text;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using static HaVrrp.Engine.Tests.Configuration.Keepalived.KeepalivedTestSupport;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

/// <summary>
/// The parity table of docs/configuration.md, measured: every keyword of keepalived's parser
/// (<see cref="KeepalivedUpstreamKeywordTests"/>) is read in a one-line file, and what havrrpd says about it decides
/// its row — supported (nothing said), ignored with its reason (HV0021, HV0022) or refused (HV0027). The test fails
/// with the table as it should read whenever the documented one differs.
/// </summary>
public sealed class KeepalivedParityTableTests
{
    private const string Start = "<!-- parity:start -->";
    private const string End = "<!-- parity:end -->";

    [Fact]
    public void TheDocumentedParityTable_IsWhatHavrrpdDoesWithEachUpstreamKeyword()
    {
        var root = typeof(KeepalivedParityTableTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        var documentation = File.ReadAllText(Path.Combine(root, "docs", "configuration.md")).ReplaceLineEndings("\n");
        var start = documentation.IndexOf(Start, StringComparison.Ordinal);
        var end = documentation.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/configuration.md lacks the {Start} ... {End} markers");
        var documented = documentation[(start + Start.Length)..end].Trim('\n');

        var measured = MeasuredTable();

        Assert.True(documented == measured, $"docs/configuration.md's parity table should read:\n\n{measured}\n");
    }

    private static string MeasuredTable()
    {
        var blocks = new (string Block, string[] Keywords)[]
        {
            ("top level", KeepalivedUpstreamKeywordTests.TopLevel),
            ("global_defs", KeepalivedUpstreamKeywordTests.GlobalDefs),
            ("vrrp_instance", KeepalivedUpstreamKeywordTests.VrrpInstance),
            ("vrrp_sync_group", KeepalivedUpstreamKeywordTests.VrrpSyncGroup),
            ("vrrp_script", KeepalivedUpstreamKeywordTests.VrrpScript),
            ("track_file", KeepalivedUpstreamKeywordTests.TrackFile),
        };
        var table = new StringBuilder("| block | what havrrpd does | keywords |\n|---|---|---|\n");
        foreach (var (block, keywords) in blocks)
        {
            foreach (var row in keywords.GroupBy(keyword => StatusOf(block, keyword)).OrderBy(group => group.Key, StringComparer.Ordinal))
            {
                var names = string.Join(", ", row.Order(StringComparer.Ordinal).Select(keyword => $"`{keyword}`"));
                table.Append(FormattableString.Invariant($"| {block} | {row.Key[3..]} | {names} |\n"));
            }
        }
        return table.ToString().TrimEnd('\n');
    }

    /// <summary>What havrrpd says reading the keyword alone, with an ordering prefix: supported, ignored, refused.</summary>
    private static string StatusOf(string block, string keyword)
    {
        var text = block switch
        {
            "top level" => $"{keyword} x {{\n}}\n",
            "global_defs" => $"global_defs {{\n {keyword} 1\n}}\n",
            _ => $"{block} B {{\n {keyword} 1\n}}\n",
        };
        var codes = Read(text).Diagnostics.Items.Select(diagnostic => diagnostic.Code).ToHashSet();
        if (codes.Contains(DiagnosticCodes.UnimplementedFailoverTrigger))
        {
            return "3. refused: a failover trigger havrrpd does not implement (HV0027)";
        }
        if (codes.Contains(DiagnosticCodes.LvsIgnored))
        {
            return "2. ignored: keepalived's LVS half (HV0021)";
        }
        if (codes.Contains(DiagnosticCodes.UnsupportedKeyword))
        {
            return KeepalivedKeywords.ReasonIgnored(keyword) is { } reason
                ? $"2. ignored: {reason} (HV0022)"
                : "2. ignored: not implemented yet (HV0022)";
        }
        return "1. supported";
    }
}
