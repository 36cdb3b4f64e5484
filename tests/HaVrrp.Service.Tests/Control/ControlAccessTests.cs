using HaVrrp.Engine.Platform.Linux.Native;
using HaVrrp.Service.Control;

namespace HaVrrp.Service.Tests.Control;

public sealed class ControlAccessTests
{
    /// <summary>root (0), alice (1000, in the admin group 990 as a supplementary group), bob (1001, not in it).</summary>
    private sealed class Accounts(bool adminGroupExists = true) : IUnixAccounts
    {
        public string? UserName(uint uid) => uid switch { 0 => "root", 1000 => "alice", 1001 => "bob", _ => null };

        public uint? GroupId(string groupName) => adminGroupExists && groupName is "havrrp" or "lbadmins" ? 990u : null;

        public IReadOnlyList<uint> GroupsOf(string userName, uint primaryGroup) =>
            userName == "alice" ? [primaryGroup, 990] : [primaryGroup];
    }

    [Theory]
    [InlineData(0u, 0u, true)]
    [InlineData(1000u, 1000u, true)]
    [InlineData(1001u, 1001u, false)]
    [InlineData(1001u, 990u, true)] // running with the admin group as its gid (sg havrrp ...)
    [InlineData(4242u, 4242u, false)] // a uid without a name
    public void MayChange_IsRootOrTheAdminGroup(uint uid, uint gid, bool mayChange)
    {
        var caller = new ControlAccess(new Accounts(), configuredAdminGroup: null).Identify(new PeerCredentials(77, uid, gid));

        Assert.Equal(mayChange, caller.MayChange);
        Assert.Equal("havrrp", caller.AdminGroup);
    }

    [Fact]
    public void ConfiguredAdminGroup_ReplacesTheDefault()
    {
        var access = new ControlAccess(new Accounts(), "lbadmins");

        Assert.Equal("lbadmins", access.AdminGroupName);
        Assert.True(access.Identify(new PeerCredentials(1, 1000, 1000)).MayChange);
    }

    [Fact]
    public void WithoutTheAdminGroup_OnlyRootMayChange()
    {
        var access = new ControlAccess(new Accounts(adminGroupExists: false), configuredAdminGroup: null);

        Assert.True(access.Identify(new PeerCredentials(1, 0, 0)).MayChange);
        var alice = access.Identify(new PeerCredentials(2, 1000, 1000));
        Assert.False(alice.MayChange);
        Assert.Null(alice.AdminGroup);
    }

    [Fact]
    public void Caller_IsNamedInTheLog_WithUidAndPid()
    {
        var caller = new ControlAccess(new Accounts(), null).Identify(new PeerCredentials(4242, 1001, 1001));

        Assert.Equal("bob (uid 1001, pid 4242)", caller.ToString());
    }

    [Fact]
    public void UnixAccounts_KnowsRoot()
    {
        var accounts = new UnixAccounts();

        Assert.Equal("root", accounts.UserName(0));
        Assert.Equal(0u, accounts.GroupId("root"));
        Assert.Contains(0u, accounts.GroupsOf("root", 0));
        Assert.Null(accounts.GroupId("no-such-group-" + Guid.NewGuid().ToString("N")[..8]));
    }
}
