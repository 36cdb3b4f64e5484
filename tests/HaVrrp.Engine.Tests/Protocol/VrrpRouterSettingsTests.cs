using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Tests.Protocol;

public class VrrpRouterSettingsTests
{
    private static readonly VrrpAddress Primary = VrrpAddress.Parse("10.99.0.11");

    private static VrrpInstanceConfig Instance(Func<VrrpInstanceConfig, VrrpInstanceConfig>? change = null)
    {
        var instance = new VrrpInstanceConfig
        {
            Name = "VI_1",
            VirtualRouterId = 51,
            VirtualIpAddresses = new[] { new VirtualAddress(IPAddress.Parse("10.99.0.100")) },
        };
        return change is null ? instance : change(instance);
    }

    [Fact]
    public void GratuitousArp_FromConfigurationDefaults_IsTheRoutersDefault() =>
        Assert.Equal(GratuitousArpTiming.Defaults, ProtocolSettings.GratuitousArp(GarpSettings.Defaults));

    [Fact]
    public void FromConfig_TakesKeepalivedDefaults()
    {
        var settings = ProtocolSettings.Router(Instance(), new GlobalSettings(), Primary);

        Assert.Equal("VI_1", settings.Name);
        Assert.Equal(51, settings.VirtualRouterId);
        Assert.Equal(2, settings.Version);
        Assert.Equal(100, settings.BasePriority);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.AdvertInterval);
        Assert.True(settings.Preempt);
        Assert.True(settings.AcceptMode);
        Assert.Equal(Primary, settings.PrimaryAddress);
        Assert.Equal(5, settings.GratuitousArp.MasterRepeat);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.GratuitousArp.LowerPriorityDelay);
    }

    [Fact]
    public void FromConfig_StateMaster_ClearsNopreemptAndPreemptDelayLikeKeepalived()
    {
        var settings = ProtocolSettings.Router(
            Instance(i => i with { InitialState = InitialState.Master, Preempt = false, PreemptDelay = TimeSpan.FromSeconds(30) }),
            new GlobalSettings(), Primary);

        Assert.True(settings.Preempt);
        Assert.Equal(TimeSpan.Zero, settings.PreemptDelay);
    }

    [Theory]
    // down_timer_adverts, vrrp_down_timer_adverts, vrrp_strict -> what the router counts
    [InlineData(null, 3, false, 3)]
    [InlineData(null, 5, false, 5)]
    [InlineData(1, 5, false, 1)]
    [InlineData(10, 3, true, 3)]
    [InlineData(null, 7, true, 3)]
    public void FromConfig_DownTimerAdverts_InheritsTheGlobal_AndStrictResetsIt(int? instance, int global, bool strict, int expected)
    {
        var settings = ProtocolSettings.Router(
            Instance(i => i with { DownTimerAdverts = instance }),
            new GlobalSettings { DownTimerAdverts = global, VrrpStrict = strict }, Primary);

        Assert.Equal(expected, settings.DownTimerAdverts);
    }

    [Theory]
    // instance setting, global setting, vrrp_strict -> what the router does (keepalived's vrrp_complete_instance)
    [InlineData(null, false, false, false)]
    [InlineData(null, true, false, true)]
    [InlineData(false, true, false, false)]
    [InlineData(true, false, false, true)]
    [InlineData(null, false, true, true)]
    [InlineData(false, false, true, true)]
    public void FromConfig_LowerPriorityNoAdvert_InheritsTheGlobal_AndStrictForcesIt(bool? instance, bool global, bool strict, bool expected)
    {
        var settings = ProtocolSettings.Router(
            Instance(i => i with { LowerPriorityNoAdvert = instance }),
            new GlobalSettings { LowerPriorityNoAdvert = global, VrrpStrict = strict }, Primary);

        Assert.Equal(expected, settings.LowerPriorityNoAdvert);
    }

    [Theory]
    [InlineData(null, false, false, false)]
    [InlineData(null, true, false, true)]
    [InlineData(false, true, false, false)]
    [InlineData(true, false, false, true)]
    [InlineData(true, true, true, false)]
    public void FromConfig_HigherPrioritySendAdvert_InheritsTheGlobal_AndStrictClearsIt(bool? instance, bool global, bool strict, bool expected)
    {
        var settings = ProtocolSettings.Router(
            Instance(i => i with { HigherPrioritySendAdvert = instance }),
            new GlobalSettings { HigherPrioritySendAdvert = global, VrrpStrict = strict }, Primary);

        Assert.Equal(expected, settings.HigherPrioritySendAdvert);
    }

    [Theory]
    // priority, instance setting, global setting, vrrp_strict -> what the router does
    [InlineData(255, null, false, false, false)]
    [InlineData(255, null, true, false, true)]
    [InlineData(255, true, false, false, true)]
    [InlineData(255, false, true, false, false)]
    [InlineData(255, null, false, true, true)]
    [InlineData(255, false, false, true, true)]
    [InlineData(200, true, true, true, false)]
    public void FromConfig_OwnerIgnoreAdverts_OnlyForTheAddressOwner(int priority, bool? instance, bool global, bool strict, bool expected)
    {
        var settings = ProtocolSettings.Router(
            Instance(i => i with { Priority = priority, OwnerIgnoreAdverts = instance }),
            new GlobalSettings { OwnerIgnoreAdverts = global, VrrpStrict = strict }, Primary);

        Assert.Equal(expected, settings.OwnerIgnoreAdverts);
    }

    [Fact]
    public void FromConfig_VrrpStrict_RunsTheInstanceAsKeepalivedResetsIt()
    {
        var instance = Instance(i => i with
        {
            InitialState = InitialState.Master,
            Preempt = false,
            Accept = true,
            Garp = new GarpSettings { LowerPriorityRepeat = 3, LowerPriorityDelay = TimeSpan.FromSeconds(2) },
        });
        var global = new GlobalSettings { VrrpStrict = true };
        var settings = ProtocolSettings.Router(instance, global, Primary);

        // state MASTER is reset for a non-owner, so nopreempt applies again; VRRPv2 has no Accept_Mode.
        // (The router has no initial state of its own; the reset is the configuration's.)
        Assert.Equal(InitialState.Backup, instance.EffectiveInitialState(global));
        Assert.False(settings.Preempt);
        Assert.False(settings.AcceptMode);
        Assert.Equal(0, settings.GratuitousArp.LowerPriorityRepeat);
        Assert.Equal(TimeSpan.Zero, settings.GratuitousArp.LowerPriorityDelay);
        Assert.True(settings.LowerPriorityNoAdvert);
    }

    [Theory]
    [InlineData(null, true, true)]
    [InlineData(true, false, true)]
    [InlineData(false, true, false)]
    public void FromConfig_StrictMode_OfTheInstance_OverridesVrrpStrict(bool? strictMode, bool vrrpStrict, bool strict)
    {
        var settings = ProtocolSettings.Router(
            Instance(i => i with { StrictMode = strictMode }), new GlobalSettings { VrrpStrict = vrrpStrict }, Primary);

        Assert.Equal(strict, settings.LowerPriorityNoAdvert);
        Assert.Equal(!strict, settings.AcceptMode);
    }

    [Fact]
    public void FromConfig_Nopreempt_DropsPreemptDelay()
    {
        var settings = ProtocolSettings.Router(
            Instance(i => i with { Preempt = false, PreemptDelay = TimeSpan.FromSeconds(30) }), new GlobalSettings(), Primary);

        Assert.False(settings.Preempt);
        Assert.Equal(TimeSpan.Zero, settings.PreemptDelay);
    }

    [Theory]
    [InlineData(3, 0.923, 920)]    // v3 carries centiseconds
    [InlineData(2, 1.4, 1000)]     // v2 carries whole seconds
    [InlineData(2, 0.2, 1000)]     // and at least one
    public void FromConfig_RoundsTheIntervalToWhatTheWireCarries(int version, double seconds, int expectedMilliseconds)
    {
        var settings = ProtocolSettings.Router(
            Instance(i => i with { Version = version, AdvertInterval = TimeSpan.FromSeconds(seconds) }), new GlobalSettings(), Primary);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), settings.AdvertInterval);
    }

    [Fact]
    public void FromConfig_InstanceGarpOverridesGlobalWhichOverridesDefaults()
    {
        var global = new GlobalSettings { Garp = new GarpSettings { MasterRepeat = 3, MasterRefresh = TimeSpan.FromSeconds(60) } };
        var instance = Instance(i => i with { Garp = new GarpSettings { MasterDelay = TimeSpan.FromSeconds(1) } });

        var timing = ProtocolSettings.Router(instance, global, Primary).GratuitousArp;

        Assert.Equal(3, timing.MasterRepeat);
        Assert.Equal(TimeSpan.FromSeconds(1), timing.MasterDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), timing.MasterRefresh);
        Assert.Equal(3, timing.LowerPriorityRepeat);
    }

    [Fact]
    public void FromConfig_StrictMode_DefaultsAcceptToOwnerOnly()
    {
        var settings = ProtocolSettings.Router(Instance(), new GlobalSettings { VrrpStrict = true }, Primary);

        Assert.False(settings.AcceptMode);
    }
}
