using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using HaVrrp.Engine.Control;

namespace HaVrrp.Engine.Tests.Control;

/// <summary>Addresses and times as the wire carries them, read back from one buffer or from a pipe's many.</summary>
public sealed class ControlJsonConvertersTests
{
    private static readonly AdvertInfo Advert = new()
    {
        Time = new DateTimeOffset(2026, 11, 27, 19, 37, 10, 184, TimeSpan.Zero),
        Direction = AdvertDirection.Received,
        Interface = "eth0",
        Source = IPAddress.Parse("fe80::1:2ff:fe03:405"),
        Destination = IPAddress.Parse("224.0.0.18"),
        Addresses = [IPAddress.Parse("192.0.2.250"), IPAddress.Parse("2001:db8::ffff:192.0.2.1")],
    };

    private static byte[] Written(AdvertInfo advert) => Encoding.UTF8.GetBytes(JsonRpcWire.ToJson(advert, ControlJsonContext.Default.AdvertInfo));

    private static AdvertInfo? ReadBack(ReadOnlySequence<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        return JsonSerializer.Deserialize(ref reader, ControlJsonContext.Default.AdvertInfo);
    }

    [Fact]
    public void AddressesAndTime_AreWrittenInTheirUsualTextForms()
    {
        var json = Encoding.UTF8.GetString(Written(Advert));

        Assert.Contains("\"time\":\"2026-11-27T19:37:10.184Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"source\":\"fe80::1:2ff:fe03:405\"", json, StringComparison.Ordinal);
        Assert.Contains("\"addresses\":[\"192.0.2.250\",\"2001:db8::ffff:c000:201\"]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBack_FromABufferCutAtEveryByte_GivesTheSameAddressesAndTime()
    {
        var bytes = Written(Advert);
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var advert = ReadBack(TwoSegments(bytes, cut))!;

            Assert.Equal(Advert.Time, advert.Time);
            Assert.Equal(Advert.Source, advert.Source);
            Assert.Equal(Advert.Destination, advert.Destination);
            Assert.Equal(Advert.Addresses, advert.Addresses);
        }
    }

    [Fact]
    public void Time_WithoutAnOffset_CountsAsUtc()
    {
        var advert = ReadBack(new ReadOnlySequence<byte>("""{"time":"2026-11-27T19:37:10.184","direction":"received","interface":"eth0"}"""u8.ToArray()))!;

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 19, 37, 10, 184, TimeSpan.Zero), advert.Time);
    }

    [Theory]
    [InlineData("\"10.0.0.300\"")]
    [InlineData("\"not an address\"")]
    [InlineData("17")]
    [InlineData("\"0000000000000000000000000000000000000000000000000000000000000000000000::1\"")]
    public void Source_ThatIsNoAddress_IsAJsonError(string source)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"time":"2026-11-27T19:37:10.184Z","direction":"received","interface":"eth0","source":{{source}}}""");

        Assert.Throws<JsonException>(() => ReadBack(new ReadOnlySequence<byte>(json)));
    }

    private static ReadOnlySequence<byte> TwoSegments(byte[] bytes, int cut)
    {
        var first = new Segment(bytes.AsMemory(0, cut), runningIndex: 0);
        var second = new Segment(bytes.AsMemory(cut), runningIndex: cut);
        first.Append(second);
        return new ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void Append(Segment next) => Next = next;
    }
}
