using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HaVrrp.Engine.Control;

/// <summary>
/// One JSON-RPC line as a client reads it: what identifies it (id, method, a stream's subscription) and where its
/// result, error and params lie in the line. Each part is then deserialized once, straight from the line's bytes,
/// into the type the caller expects; nothing is parsed twice. Valid only as long as the line's bytes are.
/// </summary>
internal readonly struct JsonRpcEnvelope
{
    private readonly ReadOnlySequence<byte> _result;
    private readonly ReadOnlySequence<byte> _error;
    private readonly ReadOnlySequence<byte> _params;

    private JsonRpcEnvelope(long? numericId, bool hasId, string? method, ReadOnlySequence<byte> result, ReadOnlySequence<byte> error, ReadOnlySequence<byte> parameters)
    {
        NumericId = numericId;
        HasId = hasId;
        Method = method;
        _result = result;
        _error = error;
        _params = parameters;
    }

    /// <summary>The id, when it is a number (this client only sends numbers).</summary>
    public long? NumericId { get; }

    /// <summary>False for a notification and for an error about the connection itself (id null).</summary>
    public bool HasId { get; }

    public string? Method { get; }

    public bool HasResult => !_result.IsEmpty;

    public bool HasError => !_error.IsEmpty;

    /// <summary>Reads the line's top level; throws <see cref="JsonException"/> when it is not a JSON object.</summary>
    public static JsonRpcEnvelope Read(ReadOnlySequence<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a JSON-RPC message is a JSON object");
        }
        long? numericId = null;
        var hasId = false;
        string? method = null;
        ReadOnlySequence<byte> result = default, error = default, parameters = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                hasId = reader.TokenType != JsonTokenType.Null;
                numericId = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id) ? id : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                reader.Read();
                method = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                result = ValueOf(line, ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                error = ValueOf(line, ref reader);
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                parameters = ValueOf(line, ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("a JSON-RPC message is a JSON object");
        }
        return new JsonRpcEnvelope(numericId, hasId, method, result, error, parameters);
    }

    public T? Result<T>(JsonTypeInfo<T> type) => Deserialize(_result, type);

    public JsonRpcError? Error(JsonTypeInfo<JsonRpcError> type) => HasError ? Deserialize(_error, type) : null;

    public T? Params<T>(JsonTypeInfo<T> type) => _params.IsEmpty ? default : Deserialize(_params, type);

    /// <summary>The <c>subscription</c> member of a notification's params, if it has one.</summary>
    public long? Subscription()
    {
        if (_params.IsEmpty)
        {
            return null;
        }
        var reader = new Utf8JsonReader(_params);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSubscription = reader.ValueTextEquals("subscription"u8);
            reader.Read();
            if (isSubscription)
            {
                return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var subscription) ? subscription : null;
            }
            reader.Skip();
        }
        return null;
    }

    /// <summary>The bytes of the value after the property name the reader is on, leaving the reader at its end.</summary>
    private static ReadOnlySequence<byte> ValueOf(ReadOnlySequence<byte> line, ref Utf8JsonReader reader)
    {
        reader.Read();
        var start = reader.TokenStartIndex;
        reader.Skip();
        return line.Slice(start, reader.BytesConsumed - start);
    }

    private static T? Deserialize<T>(ReadOnlySequence<byte> value, JsonTypeInfo<T> type)
    {
        var reader = new Utf8JsonReader(value);
        return JsonSerializer.Deserialize(ref reader, type);
    }
}
