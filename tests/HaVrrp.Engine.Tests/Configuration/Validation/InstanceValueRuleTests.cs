using System.Net;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using static HaVrrp.Engine.Tests.Configuration.Validation.ValidationFixtures;

namespace HaVrrp.Engine.Tests.Configuration.Validation;

public sealed class InstanceValueRuleTests
{
    [Fact]
    public void ValidInstance_ProducesNoDiagnostics()
    {
        Assert.Empty(Validate(Config(Instance())));
    }

    [Fact]
    public void MissingVirtualRouterId_IsAnErrorAtTheInstance()
    {
        var config = Config(Instance() with { VirtualRouterId = 0 });

        AssertDiagnostic(Single(config), DiagnosticSeverity.Error, "HV0101",
            "vrrp_instance VI_1 has no virtual_router_id; add one (1-255) that no other router on its network uses",
            At(10, 1));
    }

    [Fact]
    public void VirtualRouterIdOutOfRange_IsAnErrorAtTheValue()
    {
        var instance = Instance() with { VirtualRouterId = 300 };
        instance.Source.Set("virtual_router_id", At(12, 5)).Set("virtual_router_id:value", At(12, 23));

        var diagnostic = Single(Config(instance));

        AssertDiagnostic(diagnostic, DiagnosticSeverity.Error, "HV0103",
            "virtual_router_id 300 is out of range 1-255", At(12, 23));
        Assert.Equal("keepalived.conf:12:23: error HV0103: virtual_router_id 300 is out of range 1-255",
            diagnostic.ToString());
    }

    [Fact]
    public void WrittenVirtualRouterIdZero_IsOutOfRangeNotMissing()
    {
        var instance = Instance() with { VirtualRouterId = 0 };
        instance.Source.Set("virtual_router_id", At(12, 5));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0103",
            "virtual_router_id 0 is out of range 1-255", At(12, 5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    public void PriorityOutOfRange_IsAnError(int priority)
    {
        var instance = Instance() with { Priority = priority };
        instance.Source.Set("priority:value", At(13, 14));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0104",
            $"priority {priority} is out of range 1-255", At(13, 14));
    }

    [Fact]
    public void OwnerPriority_WhenAVipIsNotLocal_WarnsNamingTheAddress()
    {
        var instance = Instance() with { Priority = 255, VirtualIpAddresses = new[] { Vip("10.1.1.1"), Vip("10.1.1.200") } };
        instance.Source.Set("priority:value", At(13, 14));
        var host = QuietHost with { IsLocalAddress = address => address.Equals(IPAddress.Parse("10.1.1.1")) };

        AssertDiagnostic(Single(Config(instance), host), DiagnosticSeverity.Warning, "HV0105",
            "priority 255 is reserved for the owner of the virtual addresses, but 10.1.1.200 is not an address of this host; use 254 or lower",
            At(13, 14));
    }

    [Fact]
    public void OwnerPriority_WhenAllVipsAreLocal_IsFine()
    {
        var host = QuietHost with { IsLocalAddress = _ => true };

        Assert.Empty(Validate(Config(Instance() with { Priority = 255 }), host));
    }

    [Fact]
    public void OwnerPriority_WithoutAnAddressCheck_IsNotJudged()
    {
        Assert.Empty(Validate(Config(Instance() with { Priority = 255 })));
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(256, "256")]
    [InlineData(1.5, "1.5")]
    public void Version2AdvertInterval_MustBeWholeSeconds1To255(double seconds, string written)
    {
        var instance = Instance() with { AdvertInterval = TimeSpan.FromSeconds(seconds) };
        instance.Source.Set("advert_int:value", At(14, 16));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0106",
            $"advert_int {written} is not valid for VRRP version 2, which needs whole seconds 1-255; use a whole number of seconds or version 3",
            At(14, 16));
    }

    [Fact]
    public void Version2FromGlobalDefault_AppliesTheVersion2Range()
    {
        var config = Config(Instance() with { AdvertInterval = TimeSpan.FromMilliseconds(500) });

        Assert.Equal("HV0106", Single(config).Code);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.5)]
    [InlineData(40.95)]
    public void Version3AdvertInterval_InCentiseconds_IsFine(double seconds)
    {
        var instance = Instance() with { Version = 3, AdvertInterval = TimeSpan.FromSeconds(seconds) };

        Assert.Empty(Validate(Config(instance)));
    }

    [Theory]
    [InlineData(41, "41")]
    [InlineData(40.955, "40.955")]
    [InlineData(0, "0")]
    public void Version3AdvertInterval_OutOfRange_IsAnError(double seconds, string written)
    {
        var instance = Instance() with { Version = 3, AdvertInterval = TimeSpan.FromSeconds(seconds) };
        instance.Source.Set("advert_int", At(14, 5));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0107",
            $"advert_int {written} is out of range 0.01-40.95 seconds for VRRP version 3", At(14, 5));
    }

    [Theory]
    [InlineData(0.015, "0.015", "0.02")]
    [InlineData(1.234, "1.234", "1.23")]
    [InlineData(0.001, "0.001", "0.01")]
    [InlineData(40.954, "40.954", "40.95")]
    public void Version3AdvertInterval_FinerThanCentiseconds_WarnsWhatItIsRoundedTo(
        double seconds, string written, string rounded)
    {
        var instance = Instance() with { Version = 3, AdvertInterval = TimeSpan.FromSeconds(seconds) };
        instance.Source.Set("advert_int:value", At(14, 16));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Warning, "HV0107",
            $"advert_int {written} is finer than VRRP version 3's centiseconds and is rounded to {rounded}; write {rounded}",
            At(14, 16));
    }

    [Fact]
    public void Ipv6Instance_UsesVersion3RangeEvenWhenTheGlobalVersionIs2()
    {
        var instance = Instance() with { VirtualIpAddresses = new[] { Vip("fe80::1") }, AdvertInterval = TimeSpan.FromSeconds(0.5) };

        Assert.Empty(Validate(Config(instance)));
    }

    [Fact]
    public void InvalidVersion_IsAnError()
    {
        var instance = Instance() with { Version = 4 };
        instance.Source.Set("version:value", At(15, 13));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0117",
            "version 4 is not a VRRP version; use 2 or 3", At(15, 13));
    }

    [Fact]
    public void InvalidGlobalVersion_IsAnErrorAtGlobalDefs()
    {
        var global = new GlobalSettings { VrrpVersion = 1, Source = MapAt(2).Set("vrrp_version:value", At(3, 17)) };
        var config = Config(Instance() with { Version = 2 }) with { Global = global };

        AssertDiagnostic(Single(config), DiagnosticSeverity.Error, "HV0117",
            "vrrp_version 1 is not a VRRP version; use 2 or 3", At(3, 17));
    }

    [Fact]
    public void Ipv6Instance_WithExplicitVersion2_IsAnError()
    {
        var instance = Instance() with { Version = 2, VirtualIpAddresses = new[] { Vip("2001:db8::10") } };
        instance.Source.Set("version:value", At(15, 13));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0110",
            "version 2 cannot carry IPv6 virtual addresses (keepalived would switch this instance to version 3); write version 3 or remove the version line",
            At(15, 13));
    }

    [Fact]
    public void Ipv6Instance_WithGlobalVersion2Only_IsFine()
    {
        var instance = Instance() with { VirtualIpAddresses = new[] { Vip("2001:db8::10") } };
        var config = Config(instance) with { Global = new GlobalSettings { VrrpVersion = 2 } };

        Assert.Empty(Validate(config));
    }

    [Fact]
    public void MixedFamiliesInVirtualIpAddress_IsAnErrorAtTheFirstOddOne()
    {
        var instance = Instance() with { VirtualIpAddresses = new[] { Vip("10.1.1.200", 20), Vip("2001:db8::10", 21) } };

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0111",
            "virtual_ipaddress mixes IPv4 (10.1.1.200) and IPv6 (2001:db8::10); adverts carry one family, so move 2001:db8::10 to virtual_ipaddress_excluded or to another vrrp_instance",
            At(21, 9));
    }

    [Fact]
    public void MixedFamiliesInVirtualIpAddressExcluded_AreFine()
    {
        var instance = Instance() with { ExcludedVirtualIpAddresses = new[] { Vip("10.1.1.201"), Vip("2001:db8::10") } };

        Assert.Empty(Validate(Config(instance)));
    }

    [Fact]
    public void LongPassword_WarnsWithItsLengthButNeverItsText()
    {
        var authentication = new AuthenticationConfig(AuthenticationType.Pass, "supersecret1")
        {
            Source = MapAt(16, 5).Set("auth_pass:value", At(18, 19)),
        };

        var diagnostic = Single(Config(Instance() with { Authentication = authentication }));

        AssertDiagnostic(diagnostic, DiagnosticSeverity.Warning, "HV0112",
            "auth_pass is 12 characters; only the first 8 are used, so shorten it to 8 on every node", At(18, 19));
        Assert.DoesNotContain("supersec", diagnostic.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AuthenticationWithVersion3_WarnsThatItIsIgnored()
    {
        var authentication = new AuthenticationConfig(AuthenticationType.Pass, "supersecret1") { Source = MapAt(16, 5) };
        var instance = Instance() with { Version = 3, Authentication = authentication };

        var diagnostic = Single(Config(instance));

        AssertDiagnostic(diagnostic, DiagnosticSeverity.Warning, "HV0118",
            "authentication is ignored by VRRP version 3, which has no authentication field; remove the authentication block",
            At(16, 5));
    }

    [Fact]
    public void AuthTypeAh_IsAnError()
    {
        var authentication = new AuthenticationConfig(AuthenticationType.Ah, "1111")
        {
            Source = MapAt(16, 5).Set("auth_type:value", At(17, 19)),
        };

        AssertDiagnostic(Single(Config(Instance() with { Authentication = authentication })), DiagnosticSeverity.Error,
            "HV0119",
            "auth_type AH is not supported (RFC 3768 removed it); use auth_type PASS or remove the authentication block",
            At(17, 19));
    }

    [Fact]
    public void NopreemptWithStateMaster_WarnsAtNopreempt()
    {
        var instance = Instance() with { InitialState = InitialState.Master, Preempt = false };
        instance.Source.Set("nopreempt", At(19, 5));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Warning, "HV0113",
            "nopreempt has no effect with state MASTER; set state BACKUP on every node that should not preempt",
            At(19, 5));
    }

    [Fact]
    public void NopreemptWithStateBackup_IsFine()
    {
        Assert.Empty(Validate(Config(Instance() with { Preempt = false })));
    }

    [Fact]
    public void NopreemptWithPriority255_WarnsThatTheOwnerPreemptsAnyway()
    {
        var instance = Instance() with { Priority = 255, Preempt = false };
        instance.Source.Set("nopreempt", At(19, 5));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Warning, "HV0132",
            "nopreempt has no effect with priority 255: the address owner always takes over; remove nopreempt, or lower the priority",
            At(19, 5));
    }

    [Theory]
    [InlineData(InitialState.Master, true, false, "state MASTER")]
    [InlineData(InitialState.Backup, false, false, "nopreempt")]
    [InlineData(InitialState.Backup, true, true, "vrrp_strict")]
    public void PreemptDelayThatKeepalivedResets_Warns_NamingWhy(InitialState state, bool preempt, bool strict, string because)
    {
        var instance = Instance() with { InitialState = state, Preempt = preempt, PreemptDelay = TimeSpan.FromSeconds(30) };
        instance.Source.Set("preempt_delay", At(20, 5));
        var config = Config(instance) with { Global = new GlobalSettings { VrrpStrict = strict } };

        var diagnostic = Assert.Single(Validate(config), found => found.Code == "HV0133");

        AssertDiagnostic(diagnostic, DiagnosticSeverity.Warning, "HV0133",
            $"preempt_delay 30 has no effect with {because} and is reset to 0, as keepalived does; remove it", At(20, 5));
    }

    [Fact]
    public void AdvertOptionsThatVrrpStrictResets_Warn()
    {
        var instance = Instance() with { LowerPriorityNoAdvert = false, HigherPrioritySendAdvert = true };
        instance.Source.Set("lower_prio_no_advert", At(21, 5));
        instance.Source.Set("higher_prio_send_advert", At(22, 5));
        var config = Config(instance) with { Global = new GlobalSettings { VrrpStrict = true } };

        var diagnostics = Validate(config).Where(found => found.Code == "HV0134").ToList();

        Assert.Equal(2, diagnostics.Count);
        AssertDiagnostic(diagnostics[0], DiagnosticSeverity.Warning, "HV0134",
            "lower_prio_no_advert false has no effect with vrrp_strict, which never answers a lower priority's advert; it is set, as keepalived does",
            At(21, 5));
        AssertDiagnostic(diagnostics[1], DiagnosticSeverity.Warning, "HV0134",
            "higher_prio_send_advert has no effect with vrrp_strict and is cleared, as keepalived does; remove it", At(22, 5));
    }

    [Fact]
    public void OwnerIgnoreAdvertsBelowTheOwnerPriority_Warns()
    {
        var instance = Instance() with { Priority = 200, OwnerIgnoreAdverts = true };
        instance.Source.Set("owner_ignore_adverts", At(23, 5));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Warning, "HV0134",
            "owner_ignore_adverts has no effect with priority 200: only the address owner (255) ignores adverts; remove it", At(23, 5));
    }

    [Fact]
    public void UnicastTtlOutOfRange_IsAnError()
    {
        var instance = Instance() with { UnicastTtl = 256, UnicastPeers = [new UnicastPeer(System.Net.IPAddress.Parse("10.0.0.3"))] };
        instance.Source.Set("unicast_ttl:value", At(24, 17));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0135", "unicast_ttl 256 is out of range 0-255", At(24, 17));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void DownTimerAdvertsOutOfRange_IsAnError(int adverts)
    {
        var instance = Instance() with { DownTimerAdverts = adverts };
        instance.Source.Set("down_timer_adverts:value", At(12, 24));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0160", $"down_timer_adverts {adverts} is out of range 1-100", At(12, 24));
    }

    [Fact]
    public void GlobalDownTimerAdvertsOutOfRange_IsAnError()
    {
        var global = new GlobalSettings { DownTimerAdverts = 200 };
        global.Source.Set("vrrp_down_timer_adverts:value", At(2, 29));

        AssertDiagnostic(Single(Config(Instance()) with { Global = global }), DiagnosticSeverity.Error, "HV0160",
            "vrrp_down_timer_adverts 200 is out of range 1-100", At(2, 29));
    }

    [Fact]
    public void DownTimerAdvertsUnderVrrpStrict_WarnsThatItIsReset()
    {
        var instance = Instance() with { DownTimerAdverts = 5 };
        instance.Source.Set("down_timer_adverts", At(12, 5));
        var config = Config(instance) with { Global = new GlobalSettings { VrrpStrict = true } };

        var diagnostic = Assert.Single(Validate(config, QuietHost), found => found.Code == "HV0136");
        AssertDiagnostic(diagnostic, DiagnosticSeverity.Warning, "HV0136",
            "down_timer_adverts has no effect on vrrp_instance VI_1 with vrrp_strict: a backup waits the RFC's 3 advert intervals, as keepalived does", At(12, 5));
    }

    [Fact]
    public void UnicastFaultNoPeer_WithoutPeers_WarnsThatTheInstanceStaysInFault()
    {
        var instance = Instance() with { UnicastFaultNoPeer = true };
        instance.Source.Set("unicast_fault_no_peer", At(15, 5));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Warning, "HV0161",
            "vrrp_instance VI_1 has unicast_fault_no_peer and no unicast_peer: it will stay in FAULT until peers are configured and havrrpd is reloaded", At(15, 5));
        Assert.Empty(Validate(Config(instance with { UnicastPeers = [new UnicastPeer(IPAddress.Parse("10.0.0.3"))] })));
    }

    [Fact]
    public void UnicastTtlWithoutUnicastPeers_Warns()
    {
        var instance = Instance() with { UnicastTtl = 64 };
        instance.Source.Set("unicast_ttl", At(24, 5));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Warning, "HV0134",
            "unicast_ttl has no effect without unicast_peer: multicast adverts always leave with TTL 255; remove it", At(24, 5));
    }

    [Fact]
    public void VrrpStrict_WithWhatStrictModeOverrules_WarnsForEach()
    {
        var instance = Instance() with
        {
            InitialState = InitialState.Master,
            Accept = true,
            Authentication = new AuthenticationConfig(AuthenticationType.Pass, "secret"),
            Garp = new GarpSettings { LowerPriorityRepeat = 2 },
        };
        var config = Config(instance) with { Global = new GlobalSettings { VrrpStrict = true } };

        var messages = Validate(config, QuietHost).Where(found => found.Code == "HV0136").Select(found => found.Message).ToList();

        Assert.Equal(
            [
                "authentication is ignored with vrrp_strict, as keepalived does: adverts go out without it, and peers that expect a password will drop them; remove the block on every node",
                "state MASTER has no effect with vrrp_strict: only the address owner (priority 255) starts as MASTER, so this node starts as BACKUP; remove it",
                "accept has no effect with vrrp_strict in VRRP version 2, which has no Accept_Mode (RFC 3768); the master does not accept packets to the VIPs",
                "garp_lower_prio_repeat has no effect with vrrp_strict, which sends no gratuitous ARPs on hearing a lower priority; it is reset to 0, as keepalived does",
            ],
            messages);
    }

    [Fact]
    public void VrrpStrict_RefusesUnicastPeersAndAnInstanceWithoutVips()
    {
        var instance = Instance() with
        {
            UnicastPeers = [new UnicastPeer(System.Net.IPAddress.Parse("10.0.0.3"))],
            VirtualIpAddresses = ValueList<VirtualAddress>.Empty,
        };
        var config = Config(instance) with { Global = new GlobalSettings { VrrpStrict = true } };

        var refused = Validate(config, QuietHost).Where(found => found.Code == "HV0137").ToList();

        Assert.Equal(2, refused.Count);
        Assert.All(refused, found => Assert.Equal(DiagnosticSeverity.Error, found.Severity));
        Assert.Contains("unicast_peer is not allowed with vrrp_strict", refused[0].Message, StringComparison.Ordinal);
        Assert.Contains("has no virtual_ipaddress, which vrrp_strict requires", refused[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StrictModeOfOneInstance_IsNamedInItsDiagnostics()
    {
        var instance = Instance() with { StrictMode = true, Authentication = new AuthenticationConfig(AuthenticationType.Pass, "secret") };

        var diagnostic = Assert.Single(Validate(Config(instance), QuietHost), found => found.Code == "HV0136");

        Assert.StartsWith("authentication is ignored with strict_mode, as keepalived does", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VrrpStrict_InVersion3_KeepsAcceptAndTheOwnersStateMaster()
    {
        var owner = Instance() with { Version = 3, Priority = 255, InitialState = InitialState.Master, Accept = true, VirtualIpAddresses = new[] { Vip("10.1.1.200") } };
        var config = Config(owner) with { Global = new GlobalSettings { VrrpStrict = true } };

        Assert.DoesNotContain(Validate(config, QuietHost), found => found.Code == "HV0136");
        Assert.True(owner.EffectiveAccept(config.Global));
        Assert.Equal(InitialState.Master, owner.EffectiveInitialState(config.Global));
    }

    [Theory]
    [InlineData(false, "the instance already goes to FAULT when eth0 goes down; remove the entry")]
    [InlineData(true, "with dont_track_primary, eth0 going down changes nothing. Remove dont_track_primary to go to FAULT when it does")]
    public void TrackInterfaceNamingTheOwnInterface_Warns_SayingWhatHappensInstead(bool dontTrackPrimary, string ending)
    {
        var entry = new TrackReference("eth0") { Source = new SourceMap(At(14, 9)) };
        var instance = Instance() with { Interface = "eth0", DontTrackPrimary = dontTrackPrimary, TrackInterfaces = new[] { entry } };

        var diagnostic = Assert.Single(Validate(Config(instance), QuietHost), found => found.Code == "HV0138");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(At(14, 9), diagnostic.Location);
        Assert.StartsWith("track_interface eth0 is the instance's own interface, which keepalived ignores here, weight and all", diagnostic.Message, StringComparison.Ordinal);
        Assert.EndsWith(ending, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdvertOptionsWithoutVrrpStrict_AreFine()
    {
        Assert.Empty(Validate(Config(Instance() with { LowerPriorityNoAdvert = false, HigherPrioritySendAdvert = true })));
    }

    [Fact]
    public void PreemptDelayOnAPreemptingBackup_IsFine()
    {
        Assert.Empty(Validate(Config(Instance() with { PreemptDelay = TimeSpan.FromSeconds(30) })));
    }

    [Theory]
    [InlineData(1001, "1001")]
    [InlineData(-1, "-1")]
    public void PreemptDelayOutOfRange_IsAnError(int seconds, string written)
    {
        var instance = Instance() with { PreemptDelay = TimeSpan.FromSeconds(seconds) };
        instance.Source.Set("preempt_delay:value", At(20, 19));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0122",
            $"preempt_delay {written} is out of range 0-1000 seconds", At(20, 19));
    }

    [Fact]
    public void MissingInterface_WithMulticast_IsAnError()
    {
        AssertDiagnostic(Single(Config(Instance() with { Interface = null })), DiagnosticSeverity.Error, "HV0102",
            "vrrp_instance VI_1 has no interface, which multicast adverts need; add an interface line or unicast_peer addresses",
            At(10, 1));
    }

    [Fact]
    public void MissingInterface_WithUnicastPeers_IsFine()
    {
        var instance = Instance() with { Interface = null, UnicastPeers = new[] { new UnicastPeer(IPAddress.Parse("10.1.1.17")) } };

        Assert.Empty(Validate(Config(instance)));
    }

    [Fact]
    public void NoInstances_IsAWarning()
    {
        AssertDiagnostic(Single(Config()), DiagnosticSeverity.Warning, "HV0120",
            "the configuration has no vrrp_instance, so nothing will be made highly available; add a vrrp_instance block",
            At(1, 1));
    }

    [Fact]
    public void InstanceWithoutVirtualAddresses_ThatSaysNoVirtualIpaddress_IsFine()
    {
        Assert.Empty(Validate(Config(Instance() with { VirtualIpAddresses = ValueList<VirtualAddress>.Empty, NoVirtualAddresses = true })));
    }

    [Fact]
    public void InstanceWithoutVirtualAddresses_IsAWarning()
    {
        AssertDiagnostic(Single(Config(Instance() with { VirtualIpAddresses = ValueList<VirtualAddress>.Empty })), DiagnosticSeverity.Warning,
            "HV0121",
            "vrrp_instance VI_1 has no virtual_ipaddress, so it takes part in elections but moves no address; add a virtual_ipaddress block, or no_virtual_ipaddress if that is meant",
            At(10, 1));
    }

    [Fact]
    public void UnicastPeerOfTheOtherFamily_IsAnErrorAtThePeer()
    {
        var peer = new UnicastPeer(IPAddress.Parse("2001:db8::17")) { Source = MapAt(22, 9) };

        AssertDiagnostic(Single(Config(Instance() with { UnicastPeers = new[] { peer } })), DiagnosticSeverity.Error, "HV0124",
            "unicast_peer 2001:db8::17 is IPv6 but the virtual addresses are IPv4; use peers of the same family",
            At(22, 9));
    }

    [Fact]
    public void UnicastSourceOfTheOtherFamily_IsAnError()
    {
        var instance = Instance() with
        {
            UnicastSourceIp = IPAddress.Parse("2001:db8::1"),
            UnicastPeers = new[] { new UnicastPeer(IPAddress.Parse("10.1.1.17")) },
        };
        instance.Source.Set("unicast_src_ip:value", At(21, 20));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0124",
            "unicast_src_ip 2001:db8::1 is IPv6 but the virtual addresses are IPv4; use a source address of the same family",
            At(21, 20));
    }

    [Fact]
    public void InterfaceMissingOnThisHost_IsAWarningOnlyWhenInterfacesAreChecked()
    {
        var instance = Instance() with { Interface = "eth9" };
        instance.Source.Set("interface:value", At(11, 15));
        var host = QuietHost with { InterfaceExists = name => name == "eth0" };

        AssertDiagnostic(Single(Config(instance), host), DiagnosticSeverity.Warning, "HV0202",
            "interface eth9 does not exist on this host; check the name with 'ip link'", At(11, 15));
        Assert.Empty(Validate(Config(instance)));
    }

    [Theory]
    [InlineData(0, "garp_master_repeat 0 is out of range 1-255")]
    [InlineData(256, "garp_master_repeat 256 is out of range 1-255")]
    public void InstanceGarpRepeatOutOfRange_IsAnError(int repeat, string message)
    {
        var instance = Instance() with { Garp = new GarpSettings { MasterRepeat = repeat } };
        instance.Source.Set("garp_master_repeat:value", At(23, 24));

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0126", message, At(23, 24));
    }

    [Fact]
    public void GlobalGarpIntervalOfZero_IsAnErrorNamingTheGlobalKeyword()
    {
        var global = new GlobalSettings
        {
            Garp = GarpSettings.Defaults with { Interval = TimeSpan.Zero },
            Source = MapAt(2).Set("vrrp_garp_interval", At(4, 5)),
        };

        AssertDiagnostic(Single(Config(Instance()) with { Global = global }), DiagnosticSeverity.Error, "HV0126",
            "vrrp_garp_interval 0 is out of range: it must be more than 0 and at most 4294 seconds", At(4, 5));
    }

    [Fact]
    public void GarpDelayTooLong_IsAnError()
    {
        var instance = Instance() with { Garp = new GarpSettings { MasterDelay = TimeSpan.FromSeconds(5000) } };

        AssertDiagnostic(Single(Config(instance)), DiagnosticSeverity.Error, "HV0126",
            "garp_master_delay 5000 is out of range 0-4294 seconds", At(10, 1));
    }

    [Fact]
    public void KeepalivedGarpDefaults_AreFine()
    {
        var config = Config(Instance()) with { Global = new GlobalSettings { Garp = GarpSettings.Defaults } };

        Assert.Empty(Validate(config));
    }

    [Fact]
    public void StaticAddressWithoutDevice_IsAnError_AndWithOneIsFine()
    {
        var withoutDevice = Vip("10.99.1.1", line: 2) with { PrefixLength = 24 };
        var withDevice = Vip("10.99.2.1", line: 3) with { Device = "eth1" };

        AssertDiagnostic(Single(Config(Instance()) with { StaticAddresses = new[] { withoutDevice, withDevice } }),
            DiagnosticSeverity.Error, "HV0129",
            "static_ipaddress 10.99.1.1/24 has no dev; write the interface it belongs on (dev eth0)", At(2, 9));
    }

    [Fact]
    public void UnicastPeerTtl_OutOfRange_OrMinimumAboveMaximum_IsAnError()
    {
        UnicastPeer Peer(string address, int? minimum, int? maximum, int line) =>
            new(IPAddress.Parse(address)) { MinTtl = minimum, MaxTtl = maximum, Source = MapAt(line, 9).Set("min_ttl", At(line, 20)).Set("min_ttl:value", At(line, 28)) };
        var instance = Instance() with
        {
            UnicastPeers = new[] { Peer("10.1.1.2", 254, 255, 20), Peer("10.1.1.3", 300, null, 21), Peer("10.1.1.4", 250, 200, 22) },
        };

        var diagnostics = Validate(Config(instance));

        Assert.Equal(
            new[]
            {
                "HV0130 unicast_peer 10.1.1.3 min_ttl 300 is out of range 0-255",
                "HV0130 unicast_peer 10.1.1.4 min_ttl 250 > max_ttl 200 - all packets would be discarded",
            },
            diagnostics.Select(diagnostic => $"{diagnostic.Code} {diagnostic.Message}"));
        Assert.All(diagnostics, diagnostic => Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity));
    }

    [Theory]
    [InlineData(false, false, 100, true)]
    [InlineData(null, true, 100, true)]
    [InlineData(null, true, 255, false)]
    [InlineData(null, false, 100, false)]
    // VRRPv2 (the fixture's version) has no Accept_Mode under vrrp_strict: accept is overruled (HV0136), so no_accept.
    [InlineData(true, true, 100, true)]
    public void AcceptModeOff_OnAHostWithoutNft_IsAWarningThatTheVipsStillAnswer(bool? accept, bool strict, int priority, bool warned)
    {
        var instance = Instance() with { Accept = accept, Priority = priority, VirtualIpAddresses = priority == 255 ? new[] { Vip("10.1.1.200") } : Instance().VirtualIpAddresses };
        var config = Config(instance) with { Global = new GlobalSettings { VrrpStrict = strict } };

        var withoutNft = Validate(config, QuietHost with { NftablesAvailable = () => false }).Where(diagnostic => diagnostic.Code == "HV0131").ToList();
        var withNft = Validate(config, QuietHost with { NftablesAvailable = () => true }).Where(diagnostic => diagnostic.Code == "HV0131");

        Assert.Equal(warned, withoutNft.Count == 1);
        Assert.All(withoutNft, diagnostic => Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity));
        Assert.Empty(withNft);
    }

    [Fact]
    public void NftablesTableName_ThatIsNotAPlainName_IsAnError()
    {
        var global = new GlobalSettings { NftablesTable = "vrrp; flush ruleset" };
        global.Source.Set("nftables:value", At(3, 14));

        AssertDiagnostic(Single(Config(Instance()) with { Global = global }), DiagnosticSeverity.Error, "HV0162",
            "nftables table name 'vrrp; flush ruleset' is not valid: use up to 64 letters, digits, '_' and '-', starting with a letter", At(3, 14));
    }
}
