using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Control;

namespace HaVrrp;

/// <summary>The running havrrpd, and what it lets this caller do (Get-VrrpDaemon).</summary>
public sealed class VrrpDaemon
{
    public required string Version { get; init; }

    public required int ProtocolVersion { get; init; }

    public required int ProcessId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Time since start, when this object was made.</summary>
    public required TimeSpan Uptime { get; init; }

    public required string ConfigPath { get; init; }

    public required ConfigFormat ConfigFormat { get; init; }

    public required DateTimeOffset ConfigLoadedAt { get; init; }

    public required long ConfigGeneration { get; init; }

    public required string SocketPath { get; init; }

    public string? UserName { get; init; }

    public required uint UserId { get; init; }

    /// <summary>Whether this caller may change things (root, or a member of <see cref="AdminGroup"/>).</summary>
    public required bool MayChange { get; init; }

    public string? AdminGroup { get; init; }

    public required string ComputerName { get; init; }

    internal static VrrpDaemon From(HelloResult hello, DateTimeOffset now, string computerName) => new()
    {
        Version = hello.DaemonVersion,
        ProtocolVersion = hello.ProtocolVersion,
        ProcessId = hello.Pid,
        StartedAt = hello.StartedAt,
        Uptime = now - hello.StartedAt,
        ConfigPath = hello.ConfigPath,
        ConfigFormat = hello.ConfigFormat,
        ConfigLoadedAt = hello.ConfigLoadedAt,
        ConfigGeneration = hello.ConfigGeneration,
        SocketPath = hello.SocketPath,
        UserName = hello.Caller.UserName,
        UserId = hello.Caller.Uid,
        MayChange = hello.Caller.MayChange,
        AdminGroup = hello.Caller.AdminGroup,
        ComputerName = computerName,
    };
}
