using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Tests.Tracking;

public class NotifyArgumentsTests
{
    [Fact]
    public void NotifyScript_GetsTypeNameStateAndPriorityAfterItsOwnArguments()
    {
        var argv = NotifyArguments.ForNotifyScript(["/etc/keepalived/notify.sh", "--verbose"], NotifySubject.Instance, "VI_1", NotifyState.Master, 100);

        Assert.Equal(["/etc/keepalived/notify.sh", "--verbose", "INSTANCE", "VI_1", "MASTER", "100"], argv);
    }

    [Fact]
    public void NotifyScript_ForAGroup_GetsPriorityZero()
    {
        var argv = NotifyArguments.ForNotifyScript(["/n.sh"], NotifySubject.Group, "VG_1", NotifyState.Fault, 150);

        Assert.Equal(["/n.sh", "GROUP", "VG_1", "FAULT", "0"], argv);
    }

    [Theory]
    [InlineData(NotifySubject.Instance, "VI_1", NotifyState.Master, 100, "INSTANCE \"VI_1\" MASTER 100\n")]
    [InlineData(NotifySubject.Instance, "VI_1", NotifyState.Stop, 100, "INSTANCE \"VI_1\" STOP 100\n")]
    [InlineData(NotifySubject.Group, "VG_1", NotifyState.Backup, 0, "GROUP \"VG_1\" BACKUP 0\n")]
    [InlineData(NotifySubject.Instance, "VI_1", NotifyState.MasterRxLowerPriority, 150, "INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 150\n")]
    [InlineData(NotifySubject.Instance, "VI_1", NotifyState.BackupPriority, 98, "INSTANCE \"VI_1\" BACKUP_PRIORITY 98\n")]
    public void FifoLine_MatchesKeepalivedsFormat(NotifySubject subject, string name, NotifyState state, int priority, string expected)
    {
        Assert.Equal(expected, NotifyArguments.FifoLine(subject, name, state, priority));
    }
}
