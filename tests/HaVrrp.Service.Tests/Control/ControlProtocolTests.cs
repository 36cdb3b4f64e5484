using System.Text.Json;
using HaVrrp.Engine.Control;
using HaVrrp.TestSupport;

namespace HaVrrp.Service.Tests.Control;

/// <summary>Framing, errors and limits, on raw lines: what hostile or broken clients send.</summary>
public sealed class ControlProtocolTests : IAsyncLifetime
{
    private ControlHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ControlHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static (int Code, string Name) ErrorOf(JsonElement response)
    {
        var error = response.GetProperty("error");
        return (error.GetProperty("code").GetInt32(), error.GetProperty("data").GetProperty("name").GetString()!);
    }

    [Theory]
    [InlineData("{not json", -32700, "ParseError")]
    [InlineData("\"just a string\"", -32700, "ParseError")]
    [InlineData("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"hello\"}]", -32600, "InvalidRequest")]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"hello\"}", -32600, "InvalidRequest")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1}", -32600, "InvalidRequest")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"hello\"}", -32600, "InvalidRequest")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"instance.explode\"}", -32601, "MethodNotFound")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"hello\",\"params\":[1]}", -32602, "InvalidParams")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"instance.list\",\"params\":{\"names\":\"VI_1\"}}", -32602, "InvalidParams")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"instance.wait\",\"params\":{\"names\":[\"VI_1\"],\"state\":\"master\",\"timeoutSeconds\":1e9}}", -32602, "InvalidParams")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"instance.wait\",\"params\":{\"names\":[\"VI_1\"],\"state\":\"molten\",\"timeoutSeconds\":1}}", -32602, "InvalidParams")]
    public async Task BadRequest_GetsItsError_AndTheConnectionStaysUsable(string line, int code, string name)
    {
        using var connection = await _harness.ConnectRawAsync();

        var error = await connection.RequestAsync(line);
        var hello = await connection.RequestAsync("""{"jsonrpc":"2.0","id":"next","method":"hello"}""");

        Assert.Equal((code, name), ErrorOf(error));
        Assert.Equal("2.0", error.GetProperty("jsonrpc").GetString());
        Assert.Equal("next", hello.GetProperty("id").GetString());
        Assert.Equal(1, hello.GetProperty("result").GetProperty("protocolVersion").GetInt32());
    }

    [Fact]
    public async Task ParseError_AnswersWithANullId()
    {
        using var connection = await _harness.ConnectRawAsync();

        var error = await connection.RequestAsync("{\"jsonrpc\":\"2.0\",\"id\":5,");

        Assert.Equal(JsonValueKind.Null, error.GetProperty("id").ValueKind);
    }

    [Fact]
    public async Task Notification_GetsNoResponse()
    {
        using var connection = await _harness.ConnectRawAsync();

        await connection.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"hello\"}\n{\"jsonrpc\":\"2.0\",\"method\":\"no.such\"}\n");
        var answer = await connection.RequestAsync("""{"jsonrpc":"2.0","id":2,"method":"hello"}""");

        Assert.Equal(2, answer.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task SeveralRequestsInOneWrite_AreEachAnswered_AndBlankLinesAndCarriageReturnsAreFine()
    {
        using var connection = await _harness.ConnectRawAsync();

        await connection.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"hello\"}\r\n\n  \n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"script.list\"}\n");
        var ids = new[] { await connection.ReadLineAsync(), await connection.ReadLineAsync() }
            .Select(line => JsonDocument.Parse(line!).RootElement.GetProperty("id").GetInt32())
            .Order();

        Assert.Equal([1, 2], ids);
    }

    [Fact]
    public async Task RequestOverTheSizeLimit_GetsRequestTooLarge_ThenTheConnectionCloses()
    {
        using var connection = await _harness.ConnectRawAsync();

        await connection.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"hello\",\"params\":{\"pad\":\"" + new string('x', ControlProtocol.MaxRequestBytes) + "\"}}\n");
        var error = JsonDocument.Parse((await connection.ReadLineAsync())!).RootElement;
        var after = await connection.ReadLineAsync();

        Assert.Equal((-32005, "RequestTooLarge"), ErrorOf(error));
        Assert.Equal(ControlProtocol.MaxRequestBytes, error.GetProperty("error").GetProperty("data").GetProperty("limit").GetInt32());
        Assert.Null(after);
    }

    [Fact]
    public async Task RequestJustUnderTheSizeLimit_IsRead()
    {
        using var connection = await _harness.ConnectRawAsync();
        var prefix = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"hello\",\"pad\":\"";
        var line = prefix + new string('x', ControlProtocol.MaxRequestBytes - prefix.Length - 2) + "\"}";

        var response = await connection.RequestAsync(line);

        Assert.Equal(ControlProtocol.MaxRequestBytes, line.Length);
        Assert.True(response.TryGetProperty("result", out _));
    }

    /// <summary>The read buffer grows for a long line and shrinks after it: the lines around it are read whole either way.</summary>
    [Fact]
    public async Task ShortLines_AroundALongOne_AreAllRead()
    {
        using var connection = await _harness.ConnectRawAsync();
        var prefix = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"hello\",\"pad\":\"";
        var longLine = prefix + new string('x', 40_000) + "\"}";

        var before = await connection.RequestAsync("""{"jsonrpc":"2.0","id":1,"method":"hello"}""");
        var during = await connection.RequestAsync(longLine);
        var after = await connection.RequestAsync("""{"jsonrpc":"2.0","id":3,"method":"hello"}""");

        Assert.Equal([1, 2, 3], new[] { before, during, after }.Select(response => response.GetProperty("id").GetInt32()));
        Assert.All(new[] { before, during, after }, response => Assert.True(response.TryGetProperty("result", out _)));
    }

    [Fact]
    public async Task ConnectionOverTheLimit_GetsTooManyConnections_AndClosingOneMakesRoom()
    {
        var open = new List<RawConnection>();
        try
        {
            for (var i = 0; i < ControlProtocol.MaxConnections; i++)
            {
                var connection = await _harness.ConnectRawAsync();
                open.Add(connection);
                await connection.RequestAsync("""{"jsonrpc":"2.0","id":1,"method":"hello"}""");
            }

            using (var refused = await _harness.ConnectRawAsync())
            {
                var error = JsonDocument.Parse((await refused.ReadLineAsync())!).RootElement;
                Assert.Equal((-32006, "TooManyConnections"), ErrorOf(error));
                Assert.Null(await refused.ReadLineAsync());
            }

            open[0].Dispose();
            open.RemoveAt(0);
            await Eventually.WaitUntilAsync(() => _harness.ConnectionCount < ControlProtocol.MaxConnections, TimeSpan.FromSeconds(30), "a connection freed");
            await using var client = await _harness.ConnectAsync();
            Assert.Equal(ControlProtocol.Version, (await client.HelloAsync()).ProtocolVersion);
        }
        finally
        {
            open.ForEach(connection => connection.Dispose());
        }
    }

    [Fact]
    public async Task ClientThatHangsUpMidRequest_CostsNothing()
    {
        using (var halfLine = await _harness.ConnectRawAsync())
        {
            await halfLine.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"meth");
        }
        using (var waiting = await _harness.ConnectRawAsync())
        {
            await waiting.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"instance.wait\",\"params\":{\"names\":[\"VI_1\"],\"state\":\"fault\",\"timeoutSeconds\":0.3}}\n");
        }

        await Eventually.WaitUntilAsync(() => _harness.ConnectionCount == 0, TimeSpan.FromSeconds(30), "every connection closed");
        await using var client = await _harness.ConnectAsync();
        Assert.Equal(2, (await client.ListInstancesAsync()).Count);
    }

    [Fact]
    public async Task ClientThatStopsSending_StillGetsItsAnswer()
    {
        using var connection = await _harness.ConnectRawAsync();

        await connection.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"instance.list\"}\n");
        connection.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var answer = JsonDocument.Parse((await connection.ReadLineAsync())!).RootElement;

        Assert.Equal(2, answer.GetProperty("result").GetProperty("instances").GetArrayLength());
        Assert.Null(await connection.ReadLineAsync());
    }

    [Fact]
    public async Task ResultsUseTheDocumentedShapes()
    {
        using var connection = await _harness.ConnectRawAsync();
        await connection.RequestAsync("""{"jsonrpc":"2.0","id":1,"method":"instance.wait","params":{"names":["VI_1"],"state":"master","timeoutSeconds":30}}""");

        var instance = (await connection.RequestAsync("""{"jsonrpc":"2.0","id":2,"method":"instance.list","params":{"names":["VI_1"]}}"""))
            .GetProperty("result").GetProperty("instances")[0];

        Assert.Equal("master", instance.GetProperty("state").GetString());
        Assert.Equal("none", instance.GetProperty("hold").GetString());
        Assert.Equal(0.1, instance.GetProperty("advertIntervalSeconds").GetDouble());
        Assert.Equal("192.0.2.100/24", instance.GetProperty("virtualAddresses")[0].GetString());
        Assert.EndsWith("Z", instance.GetProperty("lastTransitionAt").GetString(), StringComparison.Ordinal);
        Assert.Equal("192.0.2.1", instance.GetProperty("masterAddress").GetString());
        Assert.False(instance.TryGetProperty("priorityOverride", out _)); // nulls are left out
    }
}
