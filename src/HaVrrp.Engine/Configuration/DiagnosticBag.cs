namespace HaVrrp.Engine.Configuration;

/// <summary>
/// Collects the findings of one load, in the order they were found. It keeps at most
/// <see cref="ConfigLoadLimits.MaxDiagnostics"/>; the others are only counted and summed up in one HV0008
/// finding, so that a file of a million bad lines costs a counter, not gigabytes of messages.
/// </summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];
    private readonly int _maxKept;
    private int _suppressed;
    private bool _suppressedAnError;
    private SourceLocation _firstSuppressedAt;

    public DiagnosticBag()
        : this(ConfigLoadLimits.Default.MaxDiagnostics)
    {
    }

    public DiagnosticBag(int maxKept)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxKept);
        _maxKept = maxKept;
    }

    /// <summary>The findings kept, followed by the HV0008 summary when some were left out.</summary>
    public IReadOnlyList<Diagnostic> Items => _suppressed == 0 ? _items : [.. _items, SuppressedSummary()];

    public bool HasErrors => _suppressedAnError || _items.Exists(d => d.IsError);

    public void Add(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        if (_items.Count < _maxKept)
        {
            _items.Add(diagnostic);
            return;
        }
        if (_suppressed == 0)
        {
            _firstSuppressedAt = diagnostic.Location;
        }
        _suppressed++;
        _suppressedAnError |= diagnostic.IsError;
    }

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        foreach (var diagnostic in diagnostics)
        {
            Add(diagnostic);
        }
    }

    public void Error(string code, SourceLocation location, string message) =>
        Add(Diagnostic.Error(code, location, message));

    public void Warning(string code, SourceLocation location, string message) =>
        Add(Diagnostic.Warning(code, location, message));

    private Diagnostic SuppressedSummary()
    {
        var message = $"{_suppressed} more finding(s) not shown (limit MaxDiagnostics: {_maxKept} kept); fix the ones above first";
        return _suppressedAnError
            ? Diagnostic.Error(DiagnosticCodes.DiagnosticsSuppressed, _firstSuppressedAt, message)
            : Diagnostic.Warning(DiagnosticCodes.DiagnosticsSuppressed, _firstSuppressedAt, message);
    }
}
