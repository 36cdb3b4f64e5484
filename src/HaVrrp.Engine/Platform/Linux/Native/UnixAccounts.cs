namespace HaVrrp.Engine.Platform.Linux.Native;

/// <summary>
/// Users and groups as the system knows them (through NSS, so LDAP and sssd accounts count too), for the control
/// socket's authorization (docs/control-protocol.md, "Authorization").
/// </summary>
public sealed class UnixAccounts : IUnixAccounts
{
    public string? UserName(uint uid) => LibC.LookUpUserName(uid);

    public uint? GroupId(string groupName)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        return LibC.LookUpGroup(groupName) is { } gid ? (uint)gid : null;
    }

    public IReadOnlyList<uint> GroupsOf(string userName, uint primaryGroup)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        return LibC.LookUpGroupsOf(userName, primaryGroup);
    }
}

/// <summary>The account lookups authorization needs; tests give it a fixed world.</summary>
public interface IUnixAccounts
{
    /// <summary>The user name of <paramref name="uid"/>; null when the system knows none.</summary>
    string? UserName(uint uid);

    /// <summary>The gid of <paramref name="groupName"/>; null when there is no such group.</summary>
    uint? GroupId(string groupName);

    /// <summary>Every group of the user: its primary group and its supplementary groups.</summary>
    IReadOnlyList<uint> GroupsOf(string userName, uint primaryGroup);
}
