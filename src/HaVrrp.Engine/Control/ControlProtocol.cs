namespace HaVrrp.Engine.Control;

/// <summary>
/// The fixed facts of havrrpd's control protocol (docs/control-protocol.md): JSON-RPC 2.0, one message per line,
/// over a Unix stream socket.
/// </summary>
public static class ControlProtocol
{
    /// <summary>Bumped only when a change would break an existing client; new fields and methods do not count.</summary>
    public const int Version = 1;

    public const string DefaultSocketPath = "/run/havrrp/havrrpd.sock";

    /// <summary>Overrides <see cref="DefaultSocketPath"/> for clients (and for havrrpd --status).</summary>
    public const string SocketEnvironmentVariable = "HAVRRP_SOCKET";

    /// <summary>The admin group whose members may change things, when the configuration names none and it exists.</summary>
    public const string DefaultAdminGroup = "havrrp";

    /// <summary>The longest request line the daemon reads; a longer one gets RequestTooLarge and the connection is closed.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>
    /// How many clients may be connected at once; the next one gets TooManyConnections and is closed. Room for a
    /// hundred idle dashboards, watchers and checks (docs/performance.md measures them) with some to spare.
    /// </summary>
    public const int MaxConnections = 128;

    /// <summary>The longest <c>instance.wait</c> the daemon accepts (one hour).</summary>
    public const double MaxWaitSeconds = 3600;

    /// <summary>The longest timeoutSeconds of a stream (one day); without one a stream runs until cancelled.</summary>
    public const double MaxWatchSeconds = 24 * 3600;

    /// <summary>The longest timed priority override (one week).</summary>
    public const double MaxOverrideSeconds = 7 * 24 * 3600;

    /// <summary>
    /// The socket a client uses when it is given none: <see cref="SocketEnvironmentVariable"/> if set, else
    /// <see cref="DefaultSocketPath"/>.
    /// </summary>
    public static string ResolveSocketPath(string? explicitPath = null, Func<string, string?>? environment = null)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return explicitPath;
        }
        environment ??= Environment.GetEnvironmentVariable;
        return environment(SocketEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultSocketPath;
    }
}

/// <summary>The method names, as they appear on the wire.</summary>
public static class ControlMethods
{
    public const string Hello = "hello";
    public const string InstanceList = "instance.list";
    public const string InstanceSetPriority = "instance.setPriority";
    public const string InstanceFailover = "instance.failover";
    public const string InstanceWait = "instance.wait";
    public const string ScriptList = "script.list";
    public const string ConfigReload = "config.reload";
    public const string AdvertWatch = "advert.watch";
    public const string EventWatch = "event.watch";
    public const string SubscriptionCancel = "subscription.cancel";

    /// <summary>Methods that change the daemon: only root and the admin group may call them.</summary>
    public static bool IsChange(string method) => method is InstanceSetPriority or InstanceFailover or ConfigReload;
}

/// <summary>The notification methods of streams, as they appear on the wire.</summary>
public static class ControlNotifications
{
    public const string Advert = "advert";
    public const string Event = "event";
    public const string Missed = "missed";
    public const string End = "end";
}
