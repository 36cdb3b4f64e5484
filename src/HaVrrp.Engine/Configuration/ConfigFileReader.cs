namespace HaVrrp.Engine.Configuration;

/// <summary>
/// Reads the bytes of one configuration file within a load's budget, or reports why not: missing (HV0001),
/// unreadable or a directory (HV0002), not a regular file (HV0006, checked before opening), larger than the
/// per-file limit (HV0004), or over the load's file or byte budget (HV0007). The read itself is capped at the
/// limit plus one byte: a file's length is not trusted, since it can grow, and /proc files report 0.
/// Both formats read their files here.
/// </summary>
internal static class ConfigFileReader
{
    private const int ChunkBytes = 64 * 1024;

    /// <param name="path">The file to read.</param>
    /// <param name="requestedAt">Where the file was asked for: the <c>include</c> that names it, or the file itself.</param>
    /// <param name="budget">The load's budget, charged with the file and its bytes.</param>
    /// <param name="diagnostics">Where problems go; problems with the file itself are reported at the file, line 0.</param>
    public static byte[]? ReadBytes(string path, SourceLocation requestedAt, ConfigLoadBudget budget, DiagnosticBag diagnostics)
    {
        var fileAt = new SourceLocation(path, 0, 0);
        var kind = ConfigFileKinds.Of(path);
        switch (kind)
        {
            case ConfigFileKind.Missing:
                diagnostics.Error(DiagnosticCodes.FileNotFound, fileAt, "file not found");
                return null;
            case ConfigFileKind.Directory:
                diagnostics.Error(DiagnosticCodes.FileUnreadable, fileAt, "cannot read file: it is a directory");
                return null;
            case not ConfigFileKind.RegularFile:
                diagnostics.Error(DiagnosticCodes.NotRegularFile, requestedAt,
                    $"{path} is {ConfigFileKinds.Describe(kind)}, not a regular file; not read");
                return null;
        }
        if (!budget.TryTakeFile(requestedAt))
        {
            return null;
        }

        var maxFileBytes = budget.Limits.MaxFileBytes;
        byte[] bytes;
        long length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            length = stream.Length;
            bytes = ReadAtMost(stream, Math.Min(maxFileBytes, budget.BytesLeft) + 1, length);
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException or System.Security.SecurityException)
        {
            diagnostics.Error(DiagnosticCodes.FileUnreadable, fileAt, $"cannot read file: {exception.Message}");
            return null;
        }

        if (bytes.LongLength > maxFileBytes)
        {
            ReportTooLarge(Math.Max(length, bytes.LongLength), maxFileBytes, fileAt, diagnostics);
            return null;
        }
        return budget.TryTakeBytes(bytes.LongLength, requestedAt) ? bytes : null;
    }

    public static void ReportTooLarge(long size, long maxBytes, SourceLocation location, DiagnosticBag diagnostics) =>
        diagnostics.Error(DiagnosticCodes.FileTooLarge, location,
            $"file is {size} bytes, larger than the {maxBytes}-byte limit; not read");

    /// <summary>
    /// Reads until the end or <paramref name="limit"/> bytes, whichever comes first. When the stream holds exactly
    /// the <paramref name="expectedLength"/> it announced (a regular file that did not change), that is one
    /// allocation of the file's size, as File.ReadAllBytes would make.
    /// </summary>
    public static byte[] ReadAtMost(Stream stream, long limit, long expectedLength = 0)
    {
        var maxLength = (int)Math.Min(limit, Array.MaxLength);
        var buffer = new byte[Math.Clamp(expectedLength, 0, maxLength)];
        var filled = Fill(stream, buffer, 0);
        if (filled < buffer.Length || filled == maxLength)
        {
            return filled == buffer.Length ? buffer : buffer[..filled];
        }
        // Full as announced: one byte more tells whether the stream ends here.
        Span<byte> next = stackalloc byte[1];
        if (stream.Read(next) == 0)
        {
            return buffer;
        }
        // Longer than announced (or no length known): grow in steps, never past the limit.
        while (true)
        {
            Array.Resize(ref buffer, (int)Math.Min(maxLength, Math.Max(ChunkBytes, (long)buffer.Length * 2)));
            if (next.Length > 0)
            {
                buffer[filled++] = next[0];
                next = [];
            }
            filled = Fill(stream, buffer, filled);
            if (filled < buffer.Length || filled == maxLength)
            {
                return filled == buffer.Length ? buffer : buffer[..filled];
            }
        }
    }

    /// <summary>Reads into <paramref name="buffer"/> from <paramref name="offset"/> until it is full or the stream ends; returns the new fill level.</summary>
    private static int Fill(Stream stream, byte[] buffer, int offset)
    {
        var filled = offset;
        while (filled < buffer.Length)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                break;
            }
            filled += read;
        }
        return filled;
    }
}
