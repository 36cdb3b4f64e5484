using FsCheck;
using FsCheck.Fluent;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using HaVrrp.Engine.Configuration.Yaml;

namespace HaVrrp.Engine.Tests.Configuration;

/// <summary>
/// The promise: for every supported keyword, keepalived.conf -> model equals
/// keepalived.conf -> YAML -> model, and the keepalived writer reads back to the same model.
/// </summary>
public sealed class CrossFormatRoundTripTests
{
    public static TheoryData<string> KeepalivedFiles()
    {
        var data = new TheoryData<string>();
        var root = Path.Combine(AppContext.BaseDirectory, "TestData", "keepalived");
        foreach (var file in Directory.EnumerateFiles(root, "*.conf", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!file.Contains($"{Path.DirectorySeparatorChar}bad", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(root, file));
            }
        }
        data.Add(Path.Combine("..", "..", "Examples", "keepalived", "lb-pair.conf"));
        return data;
    }

    [Theory]
    [MemberData(nameof(KeepalivedFiles))]
    public void KeepalivedConf_ThroughYaml_GivesTheSameModel(string relativePath)
    {
        var original = ReadKeepalived(relativePath);

        var yaml = YamlConfigWriter.Write(original);
        var diagnostics = new DiagnosticBag();
        var throughYaml = YamlConfigReader.ReadText(yaml, "converted.yaml", diagnostics);

        Assert.DoesNotContain(diagnostics.Items, d => d.Code != DiagnosticCodes.FileEmpty);
        Assert.Equal(original, throughYaml);
    }

    [Theory]
    [MemberData(nameof(KeepalivedFiles))]
    public void KeepalivedConf_WrittenAgain_GivesTheSameModel(string relativePath)
    {
        var original = ReadKeepalived(relativePath);

        var text = KeepalivedConfigWriter.Write(original);
        var diagnostics = new DiagnosticBag();
        var rewritten = KeepalivedConfigReader.ReadText(text, "rewritten.conf", new KeepalivedReadOptions(), diagnostics);

        Assert.DoesNotContain(diagnostics.Items, d => d.IsError);
        Assert.Equal(original, rewritten);
    }

    [Fact]
    public void AnyExpressibleConfiguration_WrittenAsKeepalivedConfAndReadBack_IsEqual()
    {
        var seeds = ArbMap.Default.GeneratorFor<int>().ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(seeds, seed =>
        {
            var model = new RandomConfiguration(seed) { KeepalivedExpressible = true }.Create();
            var text = KeepalivedConfigWriter.Write(model);
            var diagnostics = new DiagnosticBag();
            var readBack = KeepalivedConfigReader.ReadText(text, "keepalived.conf", new KeepalivedReadOptions(), diagnostics);
            Assert.DoesNotContain(diagnostics.Items, d => d.IsError);
            Assert.Equal(model, readBack);
        }));
    }

    private static HaVrrpConfiguration ReadKeepalived(string relativePath)
    {
        var path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "TestData", "keepalived", relativePath));
        var diagnostics = new DiagnosticBag();
        var configuration = KeepalivedConfigReader.Read(path, new KeepalivedReadOptions { ConfigId = "node1" }, diagnostics);
        Assert.DoesNotContain(diagnostics.Items, d => d.IsError);
        return configuration;
    }
}
