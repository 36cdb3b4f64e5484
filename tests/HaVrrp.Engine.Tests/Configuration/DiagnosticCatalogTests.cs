using System.Reflection;
using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tests.Configuration;

/// <summary>Operators paste codes into tickets: every code must be explained in docs/diagnostics.md.</summary>
public sealed class DiagnosticCatalogTests
{
    [Fact]
    public void EveryDiagnosticCode_IsUniqueAndDocumented()
    {
        var root = typeof(DiagnosticCatalogTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        var documentation = File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md"));
        var codes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (Name: field.Name, Code: (string)field.GetRawConstantValue()!))
            .ToList();

        Assert.Equal(codes.Count, codes.Select(c => c.Code).Distinct().Count());
        var undocumented = codes.Where(c => !documentation.Contains($"## {c.Code}", StringComparison.Ordinal)).ToList();
        Assert.True(undocumented.Count == 0, "Not in docs/diagnostics.md: " + string.Join(", ", undocumented));
    }
}
