using System.Buffers;
using System.Globalization;
using System.Text;
using HaVrrp.Engine.Control;

namespace HaVrrp.Service.Metrics;

/// <summary>A metric family of the Prometheus text format: its name, type, help line and label names.</summary>
internal sealed record MetricFamily(string Name, string Type, string Help, params string[] LabelNames)
{
    public static MetricFamily Gauge(string name, string help, params string[] labelNames) => new(name, "gauge", help, labelNames);

    public static MetricFamily Counter(string name, string help, params string[] labelNames) => new(name, "counter", help, labelNames);
}

/// <summary>
/// Writes Prometheus's text exposition format, version 0.0.4 (docs/daemon.md, "Prometheus metrics"): a HELP and a
/// TYPE line per family, then its samples, label values escaped as the format says. Nothing else: the daemon
/// serves a few thousand samples of state it already has, which is no reason for a metrics library. The text goes
/// as UTF-8 straight into a pooled buffer, the response body: a scrape of 255 instances is some 800 KB, and
/// building it as a string first cost four times that in large-object garbage (docs/performance.md).
/// </summary>
internal sealed class PrometheusTextWriter(PooledBufferWriter output)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly SearchValues<char> LabelEscapes = SearchValues.Create("\\\"\n");
    private static readonly SearchValues<char> HelpEscapes = SearchValues.Create("\\\n");

    /// <summary>The HELP and TYPE lines that open a family; its samples follow.</summary>
    public void Begin(MetricFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        Append("# HELP ");
        Append(family.Name);
        Append(" ");
        AppendEscaped(family.Help, HelpEscapes);
        Append("\n# TYPE ");
        Append(family.Name);
        Append(" ");
        Append(family.Type);
        Append("\n");
    }

    /// <summary>One sample; <paramref name="labelValues"/> go with the family's label names, in order.</summary>
    public void Sample(MetricFamily family, double value, params ReadOnlySpan<string> labelValues)
    {
        ArgumentNullException.ThrowIfNull(family);
        if (labelValues.Length != family.LabelNames.Length)
        {
            throw new ArgumentException($"{family.Name} has {family.LabelNames.Length} labels, not {labelValues.Length}", nameof(labelValues));
        }
        Append(family.Name);
        if (labelValues.Length > 0)
        {
            Append("{");
            for (var i = 0; i < labelValues.Length; i++)
            {
                if (i > 0)
                {
                    Append(",");
                }
                Append(family.LabelNames[i]);
                Append("=\"");
                AppendEscaped(labelValues[i], LabelEscapes);
                Append("\"");
            }
            Append("}");
        }
        Append(" ");
        AppendValue(value);
        Append("\n");
    }

    /// <summary>What has been written, as text (tests).</summary>
    public override string ToString() => Encoding.UTF8.GetString(output.WrittenSpan);

    /// <summary>Backslash and line feed in HELP text; backslash, double quote and line feed in label values too.</summary>
    private void AppendEscaped(string text, SearchValues<char> escapes)
    {
        var rest = text.AsSpan();
        int at;
        while ((at = rest.IndexOfAny(escapes)) >= 0)
        {
            Append(rest[..at]);
            Append(rest[at] switch
            {
                '\\' => @"\\",
                '\n' => @"\n",
                _ => "\\\"",
            });
            rest = rest[(at + 1)..];
        }
        Append(rest);
    }

    private void AppendValue(double value)
    {
        if (double.IsNaN(value))
        {
            Append("NaN");
        }
        else if (double.IsPositiveInfinity(value))
        {
            Append("+Inf");
        }
        else if (double.IsNegativeInfinity(value))
        {
            Append("-Inf");
        }
        else if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            var span = output.GetSpan(20);
            ((long)value).TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
            output.Advance(written);
        }
        else
        {
            var span = output.GetSpan(32);
            value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
            output.Advance(written);
        }
    }

    private void Append(ReadOnlySpan<char> text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
