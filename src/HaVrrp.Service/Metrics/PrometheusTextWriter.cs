using System.Globalization;
using System.Text;

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
/// serves a few hundred samples of state it already has, which is no reason for a metrics library.
/// </summary>
internal sealed class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text;

    public PrometheusTextWriter(int capacity = 4096) => _text = new StringBuilder(capacity);

    /// <summary>The HELP and TYPE lines that open a family; its samples follow.</summary>
    public void Begin(MetricFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        _text.Append("# HELP ").Append(family.Name).Append(' ');
        AppendEscaped(family.Help, escapeQuotes: false);
        _text.Append('\n');
        _text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
    }

    /// <summary>One sample; <paramref name="labelValues"/> go with the family's label names, in order.</summary>
    public void Sample(MetricFamily family, double value, params ReadOnlySpan<string> labelValues)
    {
        ArgumentNullException.ThrowIfNull(family);
        if (labelValues.Length != family.LabelNames.Length)
        {
            throw new ArgumentException($"{family.Name} has {family.LabelNames.Length} labels, not {labelValues.Length}", nameof(labelValues));
        }
        _text.Append(family.Name);
        if (labelValues.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labelValues.Length; i++)
            {
                if (i > 0)
                {
                    _text.Append(',');
                }
                _text.Append(family.LabelNames[i]).Append("=\"");
                AppendEscaped(labelValues[i], escapeQuotes: true);
                _text.Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ');
        AppendValue(value);
        _text.Append('\n');
    }

    public override string ToString() => _text.ToString();

    /// <summary>The text as the response body.</summary>
    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(_text.ToString());

    /// <summary>Backslash and line feed in HELP text; backslash, double quote and line feed in label values.</summary>
    private void AppendEscaped(string text, bool escapeQuotes)
    {
        foreach (var character in text)
        {
            switch (character)
            {
                case '\\':
                    _text.Append(@"\\");
                    break;
                case '\n':
                    _text.Append(@"\n");
                    break;
                case '"' when escapeQuotes:
                    _text.Append("\\\"");
                    break;
                default:
                    _text.Append(character);
                    break;
            }
        }
    }

    private void AppendValue(double value)
    {
        if (double.IsNaN(value))
        {
            _text.Append("NaN");
        }
        else if (double.IsPositiveInfinity(value))
        {
            _text.Append("+Inf");
        }
        else if (double.IsNegativeInfinity(value))
        {
            _text.Append("-Inf");
        }
        else if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            _text.Append(((long)value).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            _text.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
