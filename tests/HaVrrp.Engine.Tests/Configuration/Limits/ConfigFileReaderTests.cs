using HaVrrp.Engine.Configuration;

namespace HaVrrp.Engine.Tests.Configuration.Limits;

/// <summary>The capped read: a stream's announced length is a hint, the limit is a promise.</summary>
public sealed class ConfigFileReaderTests
{
    private static byte[] Bytes(int count) => [.. Enumerable.Range(0, count).Select(i => (byte)i)];

    [Theory]
    [InlineData(0, 0)]
    [InlineData(100, 100)]
    [InlineData(100, 0)]
    [InlineData(100, 10)]
    [InlineData(200_000, 1000)]
    [InlineData(100, 500)]
    public void ReadAtMost_ReturnsTheWholeStream_WhateverLengthItAnnounced(int actual, int announced)
    {
        var content = Bytes(actual);

        var read = ConfigFileReader.ReadAtMost(new MemoryStream(content), limit: 1_000_000, announced);

        Assert.Equal(content, read);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    public void ReadAtMost_StopsAtTheLimit_OnAnEndlessStream(int announced)
    {
        using var endless = new EndlessStream();

        var read = ConfigFileReader.ReadAtMost(endless, limit: 300_001, announced);

        Assert.Equal(300_001, read.Length);
        Assert.InRange(endless.Delivered, 300_001, 300_001);
    }

    /// <summary>Zeroes for ever, as /dev/zero: counts what was asked of it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Delivered { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Delivered; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            Delivered += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
