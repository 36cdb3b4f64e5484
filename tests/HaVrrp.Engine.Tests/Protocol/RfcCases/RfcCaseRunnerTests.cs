using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;

namespace HaVrrp.Engine.Tests.Protocol.RfcCases;

/// <summary>Runs every case file in TestData/rfc-cases against a fresh <see cref="VrrpRouter"/>.</summary>
public class RfcCaseRunnerTests
{
    private static readonly string CaseDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "rfc-cases");

    public static TheoryData<string> CaseFiles() => new(CaseFileNames());

    private static IEnumerable<string> CaseFileNames() =>
        Directory.GetFiles(CaseDirectory, "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [Fact]
    public void TheRuleBook_CoversRfc9568Sections641To643WithAtLeastFifteenCases()
    {
        var cases = CaseFileNames().Select(name => RfcCase.Load(Path.Combine(CaseDirectory, name))).ToList();

        Assert.True(cases.Count >= 15, $"only {cases.Count} case files");
        foreach (var section in new[] { "6.4.1", "6.4.2", "6.4.3" })
        {
            Assert.Contains(cases, c => c.Rfc.EndsWith(section, StringComparison.Ordinal));
        }
        Assert.All(cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Quote)));
    }

    [Theory]
    [MemberData(nameof(CaseFiles))]
    public void Case_BehavesAsTheRfcSays(string fileName)
    {
        var rfcCase = RfcCase.Load(Path.Combine(CaseDirectory, fileName));
        var run = new CaseRun(rfcCase);

        var points = rfcCase.Events.Select(e => RfcCase.ParseTime(e.At))
            .Concat(rfcCase.Expect.Select(e => RfcCase.ParseTime(e.At)))
            .Distinct()
            .Order();
        foreach (var at in points)
        {
            run.FireTimersUpTo(at);
            foreach (var caseEvent in rfcCase.Events.Where(e => RfcCase.ParseTime(e.At) == at))
            {
                run.Apply(at, caseEvent);
            }
            foreach (var expectation in rfcCase.Expect.Where(e => RfcCase.ParseTime(e.At) == at))
            {
                run.Check(at, expectation);
            }
        }
    }

    /// <summary>One router, driven through a case, remembering what it did at each instant.</summary>
    private sealed class CaseRun
    {
        private readonly RfcCase _case;
        private readonly VrrpRouter _router;
        private readonly VrrpActionBuffer _buffer = new();
        private readonly List<(TimeSpan At, VrrpAction Action)> _performed = [];

        // Router time of case time zero: the moment the given state was reached.
        private readonly TimeSpan _origin;

        public CaseRun(RfcCase rfcCase)
        {
            _case = rfcCase;
            var router = rfcCase.Router;
            _router = new VrrpRouter(new VrrpRouterSettings
            {
                Name = "VI_1",
                VirtualRouterId = 51,
                Version = router.Version,
                BasePriority = router.Priority,
                AdvertInterval = RfcCase.ParseTime(router.AdvertInt),
                Preempt = router.Preempt,
                PreemptDelay = RfcCase.ParseTime(router.PreemptDelay),
                PrimaryAddress = VrrpAddress.Parse(router.Address),
                LowerPriorityNoAdvert = router.LowerPrioNoAdvert,
            });
            _origin = Reach(rfcCase.Given);
            _performed.Clear();
        }

        public void FireTimersUpTo(TimeSpan caseTime)
        {
            while (_router.NextDeadline is { } deadline && deadline <= _origin + caseTime)
            {
                Record(deadline - _origin, () => _router.OnTimer(deadline, _buffer));
            }
        }

        public void Apply(TimeSpan caseTime, CaseEvent caseEvent)
        {
            var now = _origin + caseTime;
            if (caseEvent.Start)
            {
                Record(caseTime, () => _router.Start(now, _buffer));
            }
            if (caseEvent.Receive is { } advert)
            {
                Record(caseTime, () => Receive(now, advert));
            }
            if (caseEvent.Interface is { } link)
            {
                Record(caseTime, () => _router.SetInterfaceState(now, link == "up", _buffer));
            }
            if (caseEvent.Shutdown)
            {
                Record(caseTime, () => _router.Shutdown(now, _buffer));
            }
            if (caseEvent.StepDown)
            {
                Record(caseTime, () => _router.StepDown(now, _buffer));
            }
            if (caseEvent.Release)
            {
                Record(caseTime, () => _router.ClearStepDown(now, _buffer));
            }
        }

        public void Check(TimeSpan caseTime, CaseExpectation expected)
        {
            var where = $"at {expected.At}";
            if (expected.State is { } state)
            {
                Assert.True(Enum.Parse<VrrpState>(state, ignoreCase: true) == _router.State, $"{where}: state is {_router.State}, expected {state}");
            }
            if (expected.MasterDownTimer is { } masterDown)
            {
                Assert.True(CaseTimeOf(masterDown) == _router.MasterDownTimerExpiresAt,
                    $"{where}: Master_Down_Timer fires at {Describe(_router.MasterDownTimerExpiresAt)}, expected {masterDown}");
            }
            if (expected.AdverTimer is { } advert)
            {
                Assert.True(CaseTimeOf(advert) == _router.AdvertTimerExpiresAt,
                    $"{where}: Adver_Timer fires at {Describe(_router.AdvertTimerExpiresAt)}, expected {advert}");
            }
            if (expected.MasterAdverInterval is { } interval)
            {
                Assert.Equal(RfcCase.ParseTime(interval), _router.MasterAdvertInterval);
            }
            if (expected.Master is { } master)
            {
                Assert.Equal(VrrpAddress.Parse(master), _router.MasterAddress);
            }
            var performedNow = _performed.Where(p => p.At == caseTime).Select(p => p.Action).ToList();
            if (expected.Actions is { } actions)
            {
                Assert.Equal(actions, performedNow.Where(a => a.Kind != VrrpActionKind.Log).Select(a => a.ToString()));
            }
            if (expected.Logs is { } logs)
            {
                Assert.Equal(logs, performedNow.Where(a => a.Kind == VrrpActionKind.Log).Select(a => a.LogEvent.Format("VI_1")));
            }
        }

        private TimeSpan Reach(CaseGiven given)
        {
            switch (given.State)
            {
                case "initialize":
                    return TimeSpan.Zero;
                case "backup":
                    _router.Start(TimeSpan.Zero, _buffer);
                    if (given.Master is { } master)
                    {
                        Receive(TimeSpan.Zero, master);
                    }
                    Assert.Equal(VrrpState.Backup, _router.State);
                    return TimeSpan.Zero;
                case "master":
                    _router.Start(TimeSpan.Zero, _buffer);
                    if (_router.State == VrrpState.Master)
                    {
                        return TimeSpan.Zero;
                    }
                    var becameMaster = _router.MasterDownTimerExpiresAt!.Value;
                    _router.OnTimer(becameMaster, _buffer);
                    Assert.Equal(VrrpState.Master, _router.State);
                    return becameMaster;
                case "fault":
                    _router.SetInterfaceState(TimeSpan.Zero, isUp: false, _buffer);
                    _router.Start(TimeSpan.Zero, _buffer);
                    return TimeSpan.Zero;
                default:
                    throw new InvalidDataException($"unknown given state '{given.State}'");
            }
        }

        /// <summary>
        /// Receives a case's advert through the door production uses: written and decoded by the codec, checked by
        /// <see cref="AdvertisementValidator"/> against the router's own version and interval, then handed to the router.
        /// </summary>
        private void Receive(TimeSpan now, CaseAdvert advert)
        {
            var router = _case.Router;
            var source = VrrpAddress.Parse(advert.From);
            var sender = new AdvertisementProfile(
                advert.Version ?? router.Version, 51, RfcCase.ParseTime(advert.Interval ?? router.AdvertInt), isIPv6: false, []);
            var local = new AdvertisementProfile(router.Version, 51, RfcCase.ParseTime(router.AdvertInt), isIPv6: false, []);
            var message = TestPackets.Message(sender, (byte)advert.Priority, source, TestPackets.MulticastGroup);
            Assert.True(AdvertisementPacket.TryReadPayload(message, source, TestPackets.MulticastGroup, 255, out var packet, out var reason), reason.ToString());
            if (AdvertisementValidator.Validate(packet, local).IsAccepted)
            {
                _router.OnAdvert(now, new PeerAdvert(source, packet.Advertisement.Priority, packet.Advertisement.AdvertInterval), _buffer);
            }
        }

        private void Record(TimeSpan caseTime, Action step)
        {
            _buffer.Clear();
            step();
            foreach (var action in _buffer.Actions)
            {
                _performed.Add((caseTime, action));
            }
        }

        private TimeSpan? CaseTimeOf(string text) => text == "none" ? null : _origin + RfcCase.ParseTime(text);

        private string Describe(TimeSpan? routerTime) => routerTime is { } at ? $"{(at - _origin).TotalSeconds}s" : "none";
    }
}
