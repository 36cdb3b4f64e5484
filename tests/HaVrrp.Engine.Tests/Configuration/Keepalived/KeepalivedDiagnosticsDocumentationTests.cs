using System.Reflection;
using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

public class KeepalivedDiagnosticsDocumentationTests
{
    /// <summary>The codes the keepalived reader emits; each needs a section in docs/diagnostics.md.</summary>
    private static readonly string[] ReaderCodes =
    [
        DiagnosticCodes.FileNotFound, DiagnosticCodes.FileUnreadable, DiagnosticCodes.FileNotText,
        DiagnosticCodes.FileTooLarge, DiagnosticCodes.FileEmpty, DiagnosticCodes.UnexpectedCloseBrace,
        DiagnosticCodes.UnclosedBlock, DiagnosticCodes.UnterminatedString, DiagnosticCodes.ExpectedBlock,
        DiagnosticCodes.UnknownKeyword, DiagnosticCodes.LvsIgnored, DiagnosticCodes.UnsupportedKeyword,
        DiagnosticCodes.MissingValue, DiagnosticCodes.InvalidValue, DiagnosticCodes.DuplicateDefinition,
        DiagnosticCodes.ExtraArguments, DiagnosticCodes.IncludeNotFound, DiagnosticCodes.IncludeCycle,
        DiagnosticCodes.IncludeTooDeep, DiagnosticCodes.UndefinedParameter, DiagnosticCodes.InvalidParameterDefinition,
    ];

    [Fact]
    public void EveryCodeTheReaderEmits_HasASectionInTheDocs()
    {
        var headings = File.ReadAllLines(FindDocs())
            .Where(line => line.StartsWith("## HV", StringComparison.Ordinal))
            .Select(line => line[3..].Trim())
            .ToHashSet();

        var undocumented = ReaderCodes.Except(headings).ToArray();
        Assert.True(undocumented.Length == 0, "Undocumented: " + string.Join(", ", undocumented));
    }

    private static string FindDocs()
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(Assembly.GetExecutingAssembly().Location)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "diagnostics.md")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        return Path.Combine(directory.FullName, "docs", "diagnostics.md");
    }
}
