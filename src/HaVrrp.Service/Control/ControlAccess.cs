using HaVrrp.Engine.Control;
using HaVrrp.Engine.Platform.Linux.Native;

namespace HaVrrp.Service.Control;

/// <summary>A connected client: its credentials, its user name, and whether it may change things.</summary>
public sealed record ControlCaller(PeerCredentials Credentials, string? UserName, bool MayChange, string? AdminGroup)
{
    /// <summary>How the log names the caller: <c>root (uid 0, pid 4242)</c>.</summary>
    public override string ToString() => $"{UserName ?? "?"} (uid {Credentials.Uid}, pid {Credentials.Pid})";

    public CallerInfo ToInfo() => new()
    {
        Uid = Credentials.Uid,
        Gid = Credentials.Gid,
        Pid = Credentials.Pid,
        UserName = UserName,
        MayChange = MayChange,
        AdminGroup = AdminGroup,
    };
}

/// <summary>
/// Who may change things over the control socket (docs/control-protocol.md, "Authorization"): everyone who can
/// open the socket may read; root and the members of the admin group may change. The group is looked up on each
/// connection, so a group created (or a user added to it) after the daemon started counts at once.
/// </summary>
public sealed class ControlAccess(IUnixAccounts accounts, string? configuredAdminGroup)
{
    /// <summary>The group named in the configuration, else <c>havrrp</c>.</summary>
    public string AdminGroupName { get; } = configuredAdminGroup ?? ControlProtocol.DefaultAdminGroup;

    /// <summary>The admin group's gid; null when it does not exist (then only root may change things).</summary>
    public uint? AdminGroupId => accounts.GroupId(AdminGroupName);

    public ControlCaller Identify(PeerCredentials credentials)
    {
        var userName = accounts.UserName(credentials.Uid);
        var adminGroupId = AdminGroupId;
        var mayChange = credentials.IsRoot || (adminGroupId is { } gid && IsMember(credentials, userName, gid));
        return new ControlCaller(credentials, userName, mayChange, adminGroupId is null ? null : AdminGroupName);
    }

    /// <summary>The process's own gid, or any group of its user (primary or supplementary).</summary>
    private bool IsMember(PeerCredentials credentials, string? userName, uint adminGroupId) =>
        credentials.Gid == adminGroupId
        || (userName is not null && accounts.GroupsOf(userName, credentials.Gid).Contains(adminGroupId));
}
