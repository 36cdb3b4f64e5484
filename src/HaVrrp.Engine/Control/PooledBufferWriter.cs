using System.Buffers;

namespace HaVrrp.Engine.Control;

/// <summary>
/// A growable byte buffer whose arrays come from <see cref="ArrayPool{T}.Shared"/> and go back to it. An
/// <c>instance.list</c> answer of 255 instances is about 240 KiB: grown in fresh arrays (as
/// <see cref="ArrayBufferWriter{T}"/> does), every answer left several arrays on the large object heap, and the
/// daemon ran a full garbage collection every few lists (docs/performance.md). The metrics endpoint writes its
/// scrapes into one too, and sends them from it.
/// </summary>
public sealed class PooledBufferWriter(int initialCapacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    private int _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public int WrittenCount => _written;

    public int Capacity => _buffer.Length;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _written);
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        MakeRoom(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        MakeRoom(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Forgets what was written; a buffer grown past <paramref name="mostBytesKept"/> goes back to the pool for a small one.</summary>
    public void Reset(int mostBytesKept)
    {
        _written = 0;
        if (_buffer.Length > mostBytesKept)
        {
            Replace(ArrayPool<byte>.Shared.Rent(initialCapacity));
        }
    }

    /// <summary>Gives the array back to the pool; the writer is not used again.</summary>
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _written = 0;
    }

    private void MakeRoom(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        Replace(larger);
    }

    private void Replace(byte[] buffer)
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = buffer;
    }
}
