namespace HaVrrp.Engine.Configuration;

/// <summary>Collects the findings of one load, in the order they were found.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    public void Error(string code, SourceLocation location, string message) =>
        _items.Add(Diagnostic.Error(code, location, message));

    public void Warning(string code, SourceLocation location, string message) =>
        _items.Add(Diagnostic.Warning(code, location, message));
}
