using System.Text;
using System.Text.Json;
using HaVrrp.Engine.Control;

namespace HaVrrp.Engine.Tests.Control;

/// <summary>Lines written one after another on one thread, large and small, each whole and each its own.</summary>
public sealed class JsonRpcWireTests
{
    [Fact]
    public void ALargeAnswerBetweenSmallLines_LeavesEachLineWholeAndIndependent()
    {
        var before = JsonRpcWire.Result(Id(1), new SubscriptionResult(7), ControlJsonContext.Default.SubscriptionResult);
        var longText = new string('x', 300_000);
        var large = JsonRpcWire.Error(Id(2), ControlErrorKind.InvalidParams, longText);
        var after = JsonRpcWire.Result(Id(3), new SubscriptionResult(8), ControlJsonContext.Default.SubscriptionResult);

        Assert.Equal("""{"jsonrpc":"2.0","id":1,"result":{"subscription":7}}""" + "\n", Encoding.UTF8.GetString(before));
        Assert.Equal("""{"jsonrpc":"2.0","id":3,"result":{"subscription":8}}""" + "\n", Encoding.UTF8.GetString(after));
        using var document = JsonDocument.Parse(large);
        Assert.Equal(longText, document.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal((byte)'\n', large[^1]);
    }

    [Fact]
    public void PooledBufferWriter_GrowsKeepingWhatWasWritten_AndShrinksOnReset()
    {
        var buffer = new PooledBufferWriter(16);
        for (var i = 0; i < 1000; i++)
        {
            var span = buffer.GetSpan(3);
            "abc"u8.CopyTo(span);
            buffer.Advance(3);
        }

        Assert.Equal(3000, buffer.WrittenSpan.Length);
        Assert.True(buffer.WrittenSpan.SequenceEqual(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abc", 1000)))));
        buffer.Reset(mostBytesKept: 1024);
        Assert.Equal(0, buffer.WrittenSpan.Length);
        Assert.True(buffer.Capacity <= 1024);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(buffer.Capacity + 1));
    }

    private static JsonElement Id(long id) => JsonDocument.Parse(id.ToString(System.Globalization.CultureInfo.InvariantCulture)).RootElement;
}
