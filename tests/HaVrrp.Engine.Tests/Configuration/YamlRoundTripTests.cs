using FsCheck;
using FsCheck.Fluent;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Yaml;

namespace HaVrrp.Engine.Tests.Configuration;

public sealed class YamlRoundTripTests
{
    [Fact]
    public void AnyConfiguration_WrittenAsYamlAndReadBack_IsEqual()
    {
        var seeds = ArbMap.Default.GeneratorFor<int>().ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(seeds, seed =>
        {
            var model = new RandomConfiguration(seed).Create();
            var yaml = YamlConfigWriter.Write(model);
            var diagnostics = new DiagnosticBag();
            var readBack = YamlConfigReader.ReadText(yaml, "havrrp.yaml", diagnostics);
            Assert.DoesNotContain(diagnostics.Items, d => d.Code != DiagnosticCodes.FileEmpty);
            Assert.Equal(model, readBack);
        }));
    }

    [Fact]
    public void DefaultConfiguration_IsWrittenAsEmptyText()
    {
        Assert.Equal(string.Empty, YamlConfigWriter.Write(new HaVrrpConfiguration()));
    }
}
