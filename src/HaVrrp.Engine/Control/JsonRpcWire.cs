using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HaVrrp.Engine.Control;

/// <summary>
/// Writes JSON-RPC 2.0 messages as single lines (newline-delimited JSON): the framing of the control socket.
/// The payload is written straight into the envelope by its generated serializer.
/// </summary>
public static class JsonRpcWire
{
    /// <summary>No HTML escaping: the socket is not a web page, and <c>'</c> should read as <c>'</c> in socat's output.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One value as the wire writes it (a result alone, e.g. for <c>havrrpd --status --json</c>), without a newline.</summary>
    public static string ToJson<T>(T value, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, type);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static byte[] Request<TParams>(long id, string method, TParams parameters, JsonTypeInfo<TParams> parametersType)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(parametersType);
        return Line(writer =>
        {
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            writer.WritePropertyName("params");
            JsonSerializer.Serialize(writer, parameters, parametersType);
        });
    }

    /// <summary>A notification: a method and params, no id (a stream's advert, event, missed, end).</summary>
    public static byte[] Notification<TParams>(string method, TParams parameters, JsonTypeInfo<TParams> parametersType)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(parametersType);
        return Line(writer =>
        {
            writer.WriteString("method", method);
            writer.WritePropertyName("params");
            JsonSerializer.Serialize(writer, parameters, parametersType);
        });
    }

    public static byte[] Result<TResult>(JsonElement? id, TResult result, JsonTypeInfo<TResult> resultType)
    {
        ArgumentNullException.ThrowIfNull(resultType);
        return Line(writer =>
        {
            WriteId(writer, id);
            writer.WritePropertyName("result");
            JsonSerializer.Serialize(writer, result, resultType);
        });
    }

    public static byte[] Error(JsonElement? id, ControlErrorKind kind, string message, ControlErrorData? data = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var error = new JsonRpcError(ControlErrorCodes.CodeOf(kind), message, data ?? new ControlErrorData(kind.ToString()));
        return Line(writer =>
        {
            WriteId(writer, id);
            writer.WritePropertyName("error");
            JsonSerializer.Serialize(writer, error, ControlJsonContext.Default.JsonRpcError);
        });
    }

    /// <summary>JSON-RPC answers a request whose id could not be read with <c>"id": null</c>.</summary>
    private static void WriteId(Utf8JsonWriter writer, JsonElement? id)
    {
        writer.WritePropertyName("id");
        if (id is { } value)
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static byte[] Line(Action<Utf8JsonWriter> writeMembers)
    {
        // Taken out of the thread's slot while in use, so a line written meanwhile on this thread gets its own.
        var line = t_lineWriter ?? new LineWriter();
        t_lineWriter = null;
        line.Start();
        line.Writer.WriteStartObject();
        line.Writer.WriteString("jsonrpc", "2.0");
        writeMembers(line.Writer);
        line.Writer.WriteEndObject();
        var bytes = line.Finish();
        t_lineWriter = line;
        return bytes;
    }

    /// <summary>
    /// A buffer and a writer kept per thread: Utf8JsonWriter asks its buffer for 4 KiB at a time, so a fresh buffer
    /// per line made about 5 KiB of garbage for a 400-byte advert line, thousands of times a second under
    /// advert.watch (docs/performance.md). A large answer's buffer (instance.list) goes back to the shared pool
    /// when the next line starts.
    /// </summary>
    [ThreadStatic]
    private static LineWriter? t_lineWriter;

    private const int MostBytesKeptPerThread = 16 * 1024;

    private sealed class LineWriter
    {
        public LineWriter() => Writer = new Utf8JsonWriter(Buffer, WriterOptions);

        public PooledBufferWriter Buffer { get; } = new(4096);

        public Utf8JsonWriter Writer { get; }

        public void Start()
        {
            Buffer.Reset(MostBytesKeptPerThread);
            Writer.Reset(Buffer);
        }

        /// <summary>The line as its own array, newline included.</summary>
        public byte[] Finish()
        {
            Writer.Flush();
            Buffer.Write("\n"u8);
            return Buffer.WrittenSpan.ToArray();
        }
    }
}
