using System.Reflection;
using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tests.Configuration.Validation;

public sealed class ValidationDocumentationTests
{
    private static string RepositoryFile(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{relativePath} not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void EveryValueAndReferenceCode_HasASectionBelowTheValidationMarker()
    {
        var text = File.ReadAllText(RepositoryFile("docs/diagnostics.md"));
        var marker = text.IndexOf("<!-- validation -->", StringComparison.Ordinal);
        Assert.True(marker >= 0, "docs/diagnostics.md lacks the <!-- validation --> marker");
        var validationSections = text[marker..];

        var codes = typeof(DiagnosticCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (string)field.GetRawConstantValue()!)
            .Where(code => code.StartsWith("HV01", StringComparison.Ordinal) || code.StartsWith("HV02", StringComparison.Ordinal));

        var undocumented = codes.Where(code => !validationSections.Contains($"## {code} ", StringComparison.Ordinal));
        Assert.Empty(undocumented);
    }
}
