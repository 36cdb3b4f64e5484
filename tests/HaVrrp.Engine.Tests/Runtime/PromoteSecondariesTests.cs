using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaVrrp.Engine.Tests.Runtime;

public sealed class PromoteSecondariesTests
{
    private sealed class FakeSettings : IInterfaceSettings
    {
        public Dictionary<string, bool> Values { get; } = new(StringComparer.Ordinal) { ["eth0"] = false, ["eth1"] = true, ["eth2"] = false };

        public bool PromotesSecondaries(string interfaceName) => Values[interfaceName];

        public void SetPromoteSecondaries(string interfaceName, bool promote) => Values[interfaceName] = promote;

        public int ReadIPv4(string interfaceName, string setting) => 0;

        public void WriteIPv4(string interfaceName, string setting, int value)
        {
        }

        public void WriteIPv6(string interfaceName, string setting, int value)
        {
        }

        public IReadOnlyList<string> IPv4Interfaces() => [];
    }

    private static VrrpInstanceConfig Instance(string name, string interfaceName, bool promote) =>
        TestConfig.Instance(name) with { Interface = interfaceName, PromoteSecondaries = promote };

    [Fact]
    public void AskedFor_IsTurnedOnWhereOff_AndOnlyWhatWasTurnedOnGoesBackOff()
    {
        var settings = new FakeSettings();
        var promote = new PromoteSecondaries(settings, NullLogger.Instance);

        promote.Apply(TestConfig.Of(Instance("VI_1", "eth0", true), Instance("VI_2", "eth1", true), Instance("VI_3", "eth2", false)));

        Assert.True(settings.Values["eth0"]);
        Assert.True(settings.Values["eth1"]);
        Assert.False(settings.Values["eth2"]);

        promote.Restore();

        Assert.False(settings.Values["eth0"]); // havrrpd turned it on
        Assert.True(settings.Values["eth1"]); // it was on before havrrpd
    }

    [Fact]
    public void AReloadThatAsksOnANewInterface_TurnsItOn()
    {
        var settings = new FakeSettings();
        var promote = new PromoteSecondaries(settings, NullLogger.Instance);
        promote.Apply(TestConfig.Of(Instance("VI_1", "eth0", true)));

        promote.Apply(TestConfig.Of(Instance("VI_1", "eth0", true), Instance("VI_3", "eth2", true)));
        Assert.True(settings.Values["eth2"]);
        promote.Restore();

        Assert.False(settings.Values["eth0"]);
        Assert.False(settings.Values["eth2"]);
    }
}
