using System.Globalization;
using System.Text;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// Request lines for the control socket, valid and damaged, deterministically from a seed: valid requests of every
/// method (docs/control-protocol.md) mutated by byte flips, truncation, values of the wrong type, huge numbers,
/// deep nesting, invalid UTF-8, unknown methods and ids, garbage and over-long lines. Each line ends with '\n'.
/// The planned stepDown is left out of the valid requests: on a lone master it is a legitimate command that sends
/// priority 0 for Master_Down_Interval, which is not what the fuzz test judges.
/// </summary>
internal sealed class ControlRequestMutator(Random random)
{
    private static readonly string[] ValidRequests =
    [
        """{"jsonrpc":"2.0","id":1,"method":"hello"}""",
        """{"jsonrpc":"2.0","id":2,"method":"instance.list"}""",
        """{"jsonrpc":"2.0","id":3,"method":"instance.list","params":{"names":["VI_*","x?"]}}""",
        """{"jsonrpc":"2.0","id":4,"method":"script.list"}""",
        """{"jsonrpc":"2.0","id":5,"method":"instance.wait","params":{"names":["VI_1"],"state":"master","timeoutSeconds":1}}""",
        """{"jsonrpc":"2.0","id":6,"method":"instance.setPriority","params":{"name":"VI_1","priority":150}}""",
        """{"jsonrpc":"2.0","id":7,"method":"instance.setPriority","params":{"name":"VI_1","priority":120,"durationSeconds":2}}""",
        """{"jsonrpc":"2.0","id":8,"method":"instance.setPriority","params":{"name":"VI_1","reset":true}}""",
        """{"jsonrpc":"2.0","id":9,"method":"instance.failover","params":{"name":"VI_1","mode":"release"}}""",
        """{"jsonrpc":"2.0","id":10,"method":"instance.failover","params":{"name":"VI_1","mode":"takeOver"}}""",
        """{"jsonrpc":"2.0","id":11,"method":"config.reload","params":{"dryRun":true}}""",
        """{"jsonrpc":"2.0","id":12,"method":"advert.watch","params":{"count":1,"timeoutSeconds":1}}""",
        """{"jsonrpc":"2.0","id":13,"method":"advert.watch","params":{"interface":"eth0","vrids":[51],"instance":"VI_1"}}""",
        """{"jsonrpc":"2.0","id":14,"method":"event.watch","params":{"instances":["VI_1"],"timeoutSeconds":0.5}}""",
        """{"jsonrpc":"2.0","id":15,"method":"subscription.cancel","params":{"subscription":1}}""",
        """{"jsonrpc":"2.0","method":"hello"}""",
        """{"jsonrpc":"2.0","id":"text-id","method":"instance.list","params":{}}""",
    ];

    private static readonly string[] StrangeValues =
    [
        "null", "true", "false", "0", "-1", "1e309", "-1e309", "123456789012345678901234567890", "1.5e-400", "NaN",
        "Infinity", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}", "[1,2,3]", "{\"a\":{}}", "\"VI_1\"", "2147483648",
        "-9223372036854775809", "0.0000001", "\"master\"", "\"stepdown\"", "\"\\\\\"", "255", "256", "1e3",
    ];

    private static readonly string[] UnknownMethods =
    [
        "instance.explode", "", "HELLO", "instance.list ", "rpc.discover", "instance", ".", "config.reload.now",
        "instance.failover\u0000", "subscription.cancel.all", "advert.watch/", "éèê", "../../etc/passwd",
    ];

    /// <summary>Invalid UTF-8: a lone continuation byte, an overlong '/', a surrogate, 0xFF, a truncated sequence.</summary>
    private static readonly byte[][] InvalidUtf8 = [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80]];

    /// <summary>The kinds of line, for the failure message's histogram.</summary>
    public Dictionary<string, int> Kinds { get; } = [];

    /// <summary>One request line (ended by '\n'); <paramref name="allowOverLong"/> lets it exceed the 64 KiB limit.</summary>
    public byte[] NextLine(bool allowOverLong)
    {
        var (kind, body) = random.Next(100) switch
        {
            < 12 => ("valid", Encode(Valid())),
            < 30 => ("byte flips", FlipBytes(Encode(Valid()))),
            < 40 => ("truncated", Truncate(Encode(Valid()))),
            < 55 => ("wrong type", Encode(ReplaceValue(Valid(), Pick(StrangeValues)))),
            < 62 => ("huge number", Encode(ReplaceValue(Valid(), HugeNumber()))),
            < 67 => ("deep nesting", Encode(ReplaceValue(Valid(), DeepNesting()))),
            < 75 => ("invalid utf-8", InsertInvalidUtf8(Encode(Valid()))),
            < 82 => ("unknown method", Encode(UnknownMethod())),
            < 88 => ("strange id", Encode(ReplaceId(Valid()))),
            < 94 => ("garbage", Garbage()),
            < 97 => ("stacked", FlipBytes(InsertInvalidUtf8(Encode(ReplaceValue(Valid(), Pick(StrangeValues)))))),
            _ when allowOverLong => ("over-long", OverLong()),
            _ => ("valid", Encode(Valid())),
        };
        Kinds[kind] = Kinds.GetValueOrDefault(kind) + 1;
        var line = new byte[body.Length + 1];
        body.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>A prefix of a line without its end: what a client that hangs up mid-line sent.</summary>
    public byte[] PartialLine()
    {
        var line = Encode(Valid());
        return line[..random.Next(1, line.Length)];
    }

    private string Valid() => Pick(ValidRequests);

    private T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static byte[] Encode(string text) => Encoding.UTF8.GetBytes(text);

    private byte[] FlipBytes(byte[] line)
    {
        var count = 1 + random.Next(6);
        for (var flip = 0; flip < count; flip++)
        {
            var position = random.Next(line.Length);
            line[position] ^= (byte)(1 << random.Next(8));
            // A flip to '\n' would only split the line in two; keep the line one line.
            if (line[position] == (byte)'\n')
            {
                line[position] = (byte)'?';
            }
        }
        return line;
    }

    private byte[] Truncate(byte[] line) => line[..random.Next(0, line.Length)];

    /// <summary>Replaces the value after a random ':' (up to the next ',' or '}' at that depth, roughly) with <paramref name="value"/>.</summary>
    private string ReplaceValue(string line, string value)
    {
        var colons = Enumerable.Range(0, line.Length).Where(index => line[index] == ':').ToList();
        var start = colons[random.Next(colons.Count)] + 1;
        var end = start;
        var depth = 0;
        var inString = false;
        for (; end < line.Length; end++)
        {
            var character = line[end];
            if (inString)
            {
                inString = character != '"' || line[end - 1] == '\\';
                continue;
            }
            if (character == '"')
            {
                inString = true;
            }
            else if (character is '{' or '[')
            {
                depth++;
            }
            else if (character is '}' or ']' && --depth < 0 || character == ',' && depth == 0)
            {
                break;
            }
        }
        return string.Concat(line.AsSpan(0, start), value, line.AsSpan(end));
    }

    private string HugeNumber() => random.Next(4) switch
    {
        0 => new string('9', 1 + random.Next(5000)),
        1 => "-" + new string('9', 1 + random.Next(400)) + "." + new string('9', random.Next(400)),
        2 => "1e" + random.Next(100, 100000).ToString(CultureInfo.InvariantCulture),
        _ => "0." + new string('0', random.Next(1000)) + "1",
    };

    private string DeepNesting()
    {
        var (open, close) = random.Next(2) == 0 ? ("[", "]") : ("{\"a\":", "}");
        // Deep, but under the 64 KiB line limit: over-long lines are a kind of their own, and each closes its connection.
        var depth = 1 + random.Next(random.Next(2) == 0 ? 70 : 60_000 / (open.Length + 1));
        return string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, random.Next(2) == 0 ? depth : depth / 2));
    }

    private byte[] InsertInvalidUtf8(byte[] line)
    {
        var bad = Pick(InvalidUtf8);
        var position = random.Next(line.Length + 1);
        return [.. line.AsSpan(0, position), .. bad, .. line.AsSpan(position)];
    }

    private string UnknownMethod()
    {
        var name = random.Next(3) == 0
            ? Convert.ToHexString(BitConverter.GetBytes(random.NextInt64()))
            : Pick(UnknownMethods);
        return $$"""{"jsonrpc":"2.0","id":{{random.Next()}},"method":{{System.Text.Json.JsonSerializer.Serialize(name)}}}""";
    }

    private string ReplaceId(string line)
    {
        var id = Pick(new[] { "null", "{}", "[]", "1.5", "-0", "1e400", "\"\"", "true", new string('7', 300), "\"" + new string('x', 3000) + "\"" });
        var replaced = line.Replace("\"id\":", "\"id\":" + id + ",\"id2\":", StringComparison.Ordinal);
        return random.Next(4) switch
        {
            0 => replaced.Replace("\"jsonrpc\":\"2.0\",", "", StringComparison.Ordinal),
            1 => replaced.Replace("2.0", "1.0", StringComparison.Ordinal),
            2 => "[" + line + "," + line + "]",
            _ => line.Replace("\"id\":", "\"id\":" + id + ",\"x\":", StringComparison.Ordinal),
        };
    }

    private byte[] Garbage()
    {
        var line = new byte[random.Next(0, 2000)];
        random.NextBytes(line);
        for (var index = 0; index < line.Length; index++)
        {
            if (line[index] == (byte)'\n')
            {
                line[index] = 0;
            }
        }
        return line;
    }

    private byte[] OverLong()
    {
        var padding = new string(' ', 64 * 1024 + random.Next(1, 200_000));
        return Encode("""{"jsonrpc":"2.0","id":99,"method":"hello","params":{"pad":" """ + padding + "\"}}");
    }
}
