using System.Globalization;
using System.Text;

namespace HaVrrp.Service.Tests;

/// <summary>
/// Turns a corpus file into a hostile one, deterministically from a seed: the kinds of damage issue 9 found
/// (byte flips, invalid UTF-8, deep nesting, include globs and devices, $VAR doubling, huge repeats, truncation)
/// mixed with ordinary editing mistakes (duplicated, spliced and deleted lines). Each mutation returns a short
/// name, so a failure says what was done to the file.
/// </summary>
internal sealed class ConfigMutator(IReadOnlyList<string> corpus, Random random)
{
    /// <summary>Written to disk as a byte sequence that is not UTF-8 (see <see cref="Encode"/>).</summary>
    public const char InvalidUtf8Marker = '\uE000';

    private const string Punctuation = "{}[]:,-\"'#!$@\\\n\t *?&|>%=`";

    /// <summary>Include targets: files the fuzz directory holds (a fan-out chain, a FIFO, a link to /dev/zero) and patterns that once threw or backtracked.</summary>
    private static readonly string[] IncludeTargets =
    [
        "*", "*.conf", "fan/0.conf", "pipe.conf", "zero.conf", "/dev/zero", "/dev/urandom", "[", "/tmp/[", "[]", "[!",
        "*a*a*a*a*a*a*a*a*a*a*a*a*b", "fan/1*.conf", "missing.conf", "sub/*", "sub/*/*.conf", "fuzz.conf", "fuzz.yaml",
    ];

    public List<string> Applied { get; } = [];

    public string Mutate(string text)
    {
        var count = 1 + random.Next(4);
        for (var index = 0; index < count; index++)
        {
            text = MutateOnce(text);
            // Keep single files small enough that 10,000 of them run in about a minute; the limits have their own tests.
            if (text.Length > 2 * 1024 * 1024)
            {
                text = text[..(2 * 1024 * 1024)];
            }
        }
        return text;
    }

    private string MutateOnce(string text)
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 20 => Record("flip", FlipCharacters(text)),
            < 32 => Record("duplicate-line", DuplicateLine(text)),
            < 44 => Record("splice", Splice(text)),
            < 54 => Record("delete-lines", DeleteLines(text)),
            < 62 => Record("truncate", text.Length == 0 ? text : text[..random.Next(text.Length)]),
            < 72 => Record("nest", InsertLine(text, DeepNesting())),
            < 82 => Record("include", InsertLine(text, $"include {Pick(IncludeTargets)}")),
            < 90 => Record("parameters", InsertLine(text, ParameterDefinitions())),
            < 95 => Record("not-text", InsertAt(text, random.Next(2) == 0 ? "\0" : InvalidUtf8Marker.ToString())),
            _ => Record("repeat", Repeat(text)),
        };
    }

    private string Record(string name, string text)
    {
        Applied.Add(name);
        return text;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string FlipCharacters(string text)
    {
        if (text.Length == 0)
        {
            return Punctuation[random.Next(Punctuation.Length)].ToString();
        }
        var characters = text.ToCharArray();
        var flips = 1 + random.Next(8);
        for (var index = 0; index < flips; index++)
        {
            characters[random.Next(characters.Length)] = random.Next(4) == 0
                ? (char)random.Next(1, 0x80)
                : Punctuation[random.Next(Punctuation.Length)];
        }
        return new string(characters);
    }

    private static List<string> Lines(string text) => [.. text.Split('\n')];

    private string DuplicateLine(string text)
    {
        var lines = Lines(text);
        var at = random.Next(lines.Count);
        lines.InsertRange(at, Enumerable.Repeat(lines[at], 1 + random.Next(50)));
        return string.Join('\n', lines);
    }

    private string Splice(string text)
    {
        var donor = Lines(Pick(corpus));
        var start = random.Next(donor.Count);
        var length = 1 + random.Next(Math.Min(20, donor.Count - start));
        return InsertLine(text, string.Join('\n', donor.GetRange(start, length)));
    }

    private string DeleteLines(string text)
    {
        var lines = Lines(text);
        var at = random.Next(lines.Count);
        lines.RemoveRange(at, Math.Min(1 + random.Next(5), lines.Count - at));
        return string.Join('\n', lines);
    }

    private string DeepNesting()
    {
        var depth = Pick(new[] { 3, 63, 65, 65, 500, 30_000 });
        var unit = Pick(new[] { "[", "{", "x {\n", "{a: ", "- ", "[{" });
        return string.Concat(Enumerable.Repeat(unit, depth));
    }

    private string ParameterDefinitions()
    {
        var text = new StringBuilder();
        // Mostly ordinary parameters; now and then a doubling chain that would reach gigabytes unchecked.
        var levels = random.Next(25) == 0 ? 17 + random.Next(4) : 1 + random.Next(6);
        text.Append("$P0=").Append(Pick(new[] { "x", "0123456789", "$P0", "${P1}", "eth0" })).Append('\n');
        for (var level = 1; level <= levels; level++)
        {
            text.Append(CultureInfo.InvariantCulture, $"$P{level}=$P{level - 1}$P{level - 1}\n");
        }
        var uses = 1 + random.Next(100);
        for (var use = 0; use < uses; use++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    script $P{random.Next(levels + 1)}\n");
        }
        return text.ToString();
    }

    private string Repeat(string text)
    {
        var lines = Lines(text);
        var line = lines[random.Next(lines.Count)] + "\n";
        // Reading is linear, about half a second per MiB here: big files are rare so that the run stays near a minute.
        var bytes = random.Next(40) == 0 ? 1024 * 1024 : 16 * 1024;
        var times = bytes / Math.Max(1, line.Length);
        return text + string.Concat(Enumerable.Repeat(line, times));
    }

    private string InsertLine(string text, string line)
    {
        var lines = Lines(text);
        lines.Insert(random.Next(lines.Count + 1), line);
        return string.Join('\n', lines);
    }

    /// <summary>The file's bytes: UTF-8, except that each <see cref="InvalidUtf8Marker"/> becomes an invalid sequence.</summary>
    public static byte[] Encode(string text)
    {
        var parts = text.Split(InvalidUtf8Marker);
        var bytes = new List<byte>(text.Length + 16);
        for (var index = 0; index < parts.Length; index++)
        {
            if (index > 0)
            {
                bytes.AddRange([0xC3, 0x28]);
            }
            bytes.AddRange(Encoding.UTF8.GetBytes(parts[index]));
        }
        return [.. bytes];
    }

    private string InsertAt(string text, string inserted) => text.Insert(random.Next(text.Length + 1), inserted);
}
