using System.Text.Json;
using HaVrrp.TestSupport;

namespace HaVrrp.Service.Tests.Control;

/// <summary>
/// Authorization with real uids (root only): a member of the admin group may change things, an outsider may
/// only read, and the socket's own mode keeps outsiders away in the first place.
/// </summary>
public sealed class ControlAuthorizationTests
{
    private const string Hello = """{"jsonrpc":"2.0","id":1,"method":"hello"}""";
    private const string SetPriority = """{"jsonrpc":"2.0","id":2,"method":"instance.setPriority","params":{"name":"VI_2","priority":77}}""";
    private const string DryRun = """{"jsonrpc":"2.0","id":3,"method":"config.reload","params":{"dryRun":true}}""";
    private const string List = """{"jsonrpc":"2.0","id":4,"method":"instance.list"}""";

    private static JsonElement ById(string[] lines, int id) =>
        lines.Select(line => JsonDocument.Parse(line).RootElement).Single(response => response.GetProperty("id").GetInt32() == id);

    [RootFact]
    public async Task MemberOfTheAdminGroup_MayChange()
    {
        using var accounts = new TemporaryAccounts();
        await using var harness = await ControlHarness.StartAsync(adminGroup: accounts.Group);

        var responses = TemporaryAccounts.Exchange(accounts.Member, harness.SocketPath, Hello, SetPriority, DryRun);

        var caller = ById(responses, 1).GetProperty("result").GetProperty("caller");
        Assert.Equal(TemporaryAccounts.UidOf(accounts.Member), caller.GetProperty("uid").GetUInt32());
        Assert.Equal(accounts.Member, caller.GetProperty("userName").GetString());
        Assert.True(caller.GetProperty("mayChange").GetBoolean());
        Assert.Equal(accounts.Group, caller.GetProperty("adminGroup").GetString());
        Assert.Equal(77, ById(responses, 2).GetProperty("result").GetProperty("instance").GetProperty("priorityOverride").GetInt32());
        Assert.True(ById(responses, 3).TryGetProperty("result", out _));
    }

    [RootFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Outsider_MayRead_ButNotChange_AndIsToldWhichGroupMay()
    {
        using var accounts = new TemporaryAccounts();
        await using var harness = await ControlHarness.StartAsync(adminGroup: accounts.Group);
        // An operator who opened the socket to everyone: SO_PEERCRED still keeps changes to the admin group.
        File.SetUnixFileMode(harness.SocketPath, (UnixFileMode)0b110_110_110);

        var responses = TemporaryAccounts.Exchange(accounts.Outsider, harness.SocketPath, Hello, SetPriority, List, DryRun);

        Assert.False(ById(responses, 1).GetProperty("result").GetProperty("caller").GetProperty("mayChange").GetBoolean());
        var denied = ById(responses, 2).GetProperty("error");
        Assert.Equal(-32003, denied.GetProperty("code").GetInt32());
        Assert.Equal("AccessDenied", denied.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal(accounts.Group, denied.GetProperty("data").GetProperty("adminGroup").GetString());
        Assert.Contains("member of the group " + accounts.Group, denied.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, ById(responses, 4).GetProperty("result").GetProperty("instances").GetArrayLength());
        Assert.Equal("AccessDenied", ById(responses, 3).GetProperty("error").GetProperty("data").GetProperty("name").GetString());
        await using var client = await harness.ConnectAsync();
        Assert.Null((await client.ListInstancesAsync(["VI_2"]))[0].PriorityOverride);
    }

    [RootFact]
    public async Task Outsider_CannotOpenTheSocket_WithItsDefaultMode()
    {
        using var accounts = new TemporaryAccounts();
        await using var harness = await ControlHarness.StartAsync(adminGroup: accounts.Group);

        var refused = Assert.Throws<InvalidOperationException>(() => TemporaryAccounts.Exchange(accounts.Outsider, harness.SocketPath, Hello));

        Assert.Contains("Permission denied", refused.Message, StringComparison.Ordinal);
    }
}
