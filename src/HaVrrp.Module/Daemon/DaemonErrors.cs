using System.Management.Automation;
using System.Text.Json;
using HaVrrp.Engine.Control;

namespace HaVrrp.PowerShell.Daemon;

/// <summary>
/// The one place where a failed control request becomes an ErrorRecord: a stable error id that scripts match on
/// (docs/powershell.md, "Errors"), a category, a message that says what to do, and no stack trace.
/// </summary>
public static class DaemonErrors
{
    public const string DaemonUnavailable = nameof(DaemonUnavailable);
    public const string AccessDenied = nameof(AccessDenied);
    public const string InstanceNotFound = nameof(InstanceNotFound);
    public const string NotPossible = nameof(NotPossible);
    public const string WaitTimeout = nameof(WaitTimeout);
    public const string ProtocolMismatch = nameof(ProtocolMismatch);
    public const string InvalidArgument = nameof(InvalidArgument);
    public const string DaemonError = nameof(DaemonError);
    public const string ReloadRejected = nameof(ReloadRejected);

    /// <summary>Failures about the connection or the caller, not one item: nothing else in the command can succeed.</summary>
    public static bool EndsTheCommand(ControlErrorKind kind) =>
        kind is ControlErrorKind.DaemonUnavailable or ControlErrorKind.AccessDenied or ControlErrorKind.TooManyConnections
            or ControlErrorKind.MethodNotFound or ControlErrorKind.ParseError or ControlErrorKind.InvalidRequest
            || IsMismatch(kind);

    public static ErrorRecord Record(VrrpControlException failure, object? target, string? adminGroup = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var (id, category, message, action) = Describe(failure, adminGroup);
        var record = new ErrorRecord(failure, id, category, target);
        record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = action };
        return record;
    }

    public static VrrpControlException MismatchFailure(string socketPath, int daemonProtocol, string daemonVersion) => new(
        ControlErrorKind.InvalidRequest,
        $"havrrpd {daemonVersion} on {socketPath} speaks control protocol {daemonProtocol}; this module speaks {ControlProtocol.Version}",
        new ControlErrorData(ProtocolMismatch));

    private static (string Id, ErrorCategory Category, string Message, string? Action) Describe(VrrpControlException failure, string? adminGroup)
    {
        if (failure.ErrorData.Name == ProtocolMismatch || IsUnreadableAnswer(failure))
        {
            return (ProtocolMismatch, ErrorCategory.ProtocolError, failure.Message, "Use the HaVrrp module of the same release as havrrpd.");
        }
        return failure.Kind switch
        {
            ControlErrorKind.DaemonUnavailable => (
                DaemonUnavailable, ErrorCategory.ConnectionError, $"{failure.Message}; check 'systemctl status havrrpd'",
                "Check the daemon with 'systemctl status havrrpd', or give the socket it listens on with -SocketPath or $env:HAVRRP_SOCKET."),
            ControlErrorKind.AccessDenied => (
                AccessDenied, ErrorCategory.PermissionDenied, AccessDeniedMessage(failure, adminGroup),
                $"Run as root, or as a member of the group '{AdminGroupOf(failure, adminGroup)}' (then log in again)."),
            ControlErrorKind.InstanceNotFound => (
                InstanceNotFound, ErrorCategory.ObjectNotFound, failure.Message, "Get-VrrpInstance lists the instances this daemon runs."),
            ControlErrorKind.NotPossible => (NotPossible, ErrorCategory.InvalidOperation, failure.Message, null),
            ControlErrorKind.Timeout => (WaitTimeout, ErrorCategory.OperationTimeout, failure.Message, null),
            ControlErrorKind.MethodNotFound => (
                ProtocolMismatch, ErrorCategory.ProtocolError, $"{failure.Message}: the daemon is older than this module",
                "Use the HaVrrp module of the same release as havrrpd."),
            ControlErrorKind.InvalidParams => (InvalidArgument, ErrorCategory.InvalidArgument, failure.Message, null),
            ControlErrorKind.TooManyConnections or ControlErrorKind.RequestTooLarge => (
                DaemonError, ErrorCategory.LimitsExceeded, failure.Message, null),
            _ => (DaemonError, ErrorCategory.NotSpecified, failure.Message, null),
        };
    }

    private static bool IsMismatch(ControlErrorKind kind) => kind == ControlErrorKind.MethodNotFound;

    /// <summary>An answer that is JSON-RPC but does not fit this client's types: another protocol.</summary>
    private static bool IsUnreadableAnswer(VrrpControlException failure) => failure.InnerException is JsonException;

    private static string AccessDeniedMessage(VrrpControlException failure, string? adminGroup)
    {
        var group = AdminGroupOf(failure, adminGroup);
        // The daemon's refusal already names who may (the group, or root alone); a refused connect does not.
        return failure.Message.Contains(group, StringComparison.Ordinal) || failure.ErrorData.Name == AccessDenied && failure.InnerException is null
            ? failure.Message
            : $"{failure.Message} (the admin group is '{group}' unless the daemon's control.admin_group names another)";
    }

    private static string AdminGroupOf(VrrpControlException failure, string? adminGroup) =>
        failure.ErrorData.AdminGroup ?? adminGroup ?? ControlProtocol.DefaultAdminGroup;
}
