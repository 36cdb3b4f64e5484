using System.Text;

namespace HaVrrp.Engine.Platform.Linux.Scripts;

/// <summary>
/// Reads a pipe to its end, keeping only the first bytes, so the writer never blocks on a full pipe.
/// What was kept can be taken at any time, even while a read is still pending.
/// </summary>
internal sealed class CappedReader
{
    private readonly Lock _lock = new();
    private readonly byte[] _kept;
    private int _keptLength;
    private bool _truncated;

    private CappedReader(int limit)
    {
        _kept = new byte[Math.Max(0, limit)];
    }

    public Task Completion { get; private set; } = Task.CompletedTask;

    public static CappedReader Start(Stream stream, int limit)
    {
        var reader = new CappedReader(limit);
        reader.Completion = reader.DrainAsync(stream);
        return reader;
    }

    /// <summary>The text kept so far, and whether anything was dropped (or the end never came).</summary>
    public (string Text, bool Truncated) Snapshot()
    {
        lock (_lock)
        {
            var truncated = _truncated || !Completion.IsCompleted;
            return (Encoding.UTF8.GetString(_kept, 0, _keptLength), truncated);
        }
    }

    private async Task DrainAsync(Stream stream)
    {
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_lock)
                {
                    var room = _kept.Length - _keptLength;
                    var take = Math.Min(room, read);
                    buffer.AsSpan(0, take).CopyTo(_kept.AsSpan(_keptLength));
                    _keptLength += take;
                    _truncated |= read > room;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The pipe was closed under us after the run ended: what was kept stands.
            lock (_lock)
            {
                _truncated = true;
            }
        }
    }
}
