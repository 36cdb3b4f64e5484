using System.Buffers;
using System.Text;
using System.Text.Json;
using HaVrrp.Engine.Control;

namespace HaVrrp.Engine.Tests.Control;

public sealed class JsonRpcEnvelopeTests
{
    private static ControlJsonContext Json => ControlJsonContext.Default;

    private static JsonRpcEnvelope Read(string line) => JsonRpcEnvelope.Read(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void Response_GivesItsIdAndItsResult_AsTheTypeAskedFor()
    {
        var envelope = Read("""{"jsonrpc":"2.0","id":7,"result":{"subscription":42}}""");

        Assert.True(envelope.HasId);
        Assert.Equal(7, envelope.NumericId);
        Assert.True(envelope.HasResult);
        Assert.False(envelope.HasError);
        Assert.Equal(42, envelope.Result(Json.SubscriptionResult)!.Subscription);
    }

    [Fact]
    public void ErrorAboutTheConnection_HasNoId_AndItsError()
    {
        var envelope = Read("""{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"too many","data":{"name":"TooManyConnections","limit":128}}}""");

        Assert.False(envelope.HasId);
        var error = envelope.Error(Json.JsonRpcError)!;
        Assert.Equal(("TooManyConnections", 128L), (error.Data!.Name, error.Data.Limit!.Value));
    }

    [Fact]
    public void Notification_GivesItsMethodAndSubscription_WhateverTheMemberOrder()
    {
        var envelope = Read("""{"params":{"count":3,"subscription":9},"method":"stream.missed","jsonrpc":"2.0"}""");

        Assert.False(envelope.HasId);
        Assert.Equal("stream.missed", envelope.Method);
        Assert.Equal(9, envelope.Subscription());
        Assert.Equal(3, envelope.Params(Json.MissedNotification)!.Count);
    }

    [Fact]
    public void StringId_CountsAsAnId_ButNotAsOneOfThisClientsNumbers()
    {
        var envelope = Read("""{"jsonrpc":"2.0","id":"seven","result":true}""");

        Assert.True(envelope.HasId);
        Assert.Null(envelope.NumericId);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("42")]
    [InlineData("""{"id":1,"result":""")]
    public void NotAJsonObject_IsAJsonException(string line) =>
        Assert.ThrowsAny<JsonException>(() => Read(line));
}
