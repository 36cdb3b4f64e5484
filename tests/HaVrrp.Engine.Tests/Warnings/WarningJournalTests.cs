using HaVrrp.Engine.Warnings;

namespace HaVrrp.Engine.Tests.Warnings;

public sealed class WarningJournalTests
{
    private static readonly InstanceWarning Conflict =
        new(InstanceWarningCode.AddressConflict, "02:00:0a:00:00:02 answers for our VIP 10.0.0.100", "hint", TimeSpan.Zero) { HardwareAddress = "02:00:0a:00:00:02" };

    [Fact]
    public void Raised_Once_RepeatedEveryFiveMinutes_ThenClearedOnce()
    {
        var journal = new WarningJournal();

        Assert.Equal(WarningLogKind.Raised, Assert.Single(journal.Update(TimeSpan.Zero, [Conflict])).Kind);
        Assert.Empty(journal.Update(TimeSpan.FromMinutes(4), [Conflict]));
        Assert.False(journal.IsRepeatDue(TimeSpan.FromMinutes(4)));
        Assert.True(journal.IsRepeatDue(TimeSpan.FromMinutes(5)));
        Assert.Equal(WarningLogKind.Repeated, Assert.Single(journal.Update(TimeSpan.FromMinutes(5), [Conflict])).Kind);
        Assert.Empty(journal.Update(TimeSpan.FromMinutes(6), [Conflict]));
        Assert.Equal(WarningLogKind.Cleared, Assert.Single(journal.Update(TimeSpan.FromMinutes(7), [])).Kind);
        Assert.Empty(journal.Update(TimeSpan.FromMinutes(8), []));
    }

    [Fact]
    public void SameWarningWithNewEvidence_IsWrittenAgainAtOnce_NotRaisedTwice()
    {
        var journal = new WarningJournal();
        journal.Update(TimeSpan.Zero, [Conflict]);

        var wider = Conflict with { Message = "02:00:0a:00:00:02 answers for our VIP 10.0.0.100, 10.0.0.101" };

        Assert.Equal(WarningLogKind.Repeated, Assert.Single(journal.Update(TimeSpan.FromSeconds(1), [wider])).Kind);
    }
}
