namespace HaVrrp.Engine.Configuration;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>
/// One finding about a configuration, printed like a compiler's:
/// <c>keepalived.conf:35:5: error HV0103: virtual_router_id 300 is out of range 1-255</c>.
/// </summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, SourceLocation Location)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public static Diagnostic Error(string code, SourceLocation location, string message) =>
        new(DiagnosticSeverity.Error, code, message, location);

    public static Diagnostic Warning(string code, SourceLocation location, string message) =>
        new(DiagnosticSeverity.Warning, code, message, location);

    public override string ToString()
    {
        var severity = IsError ? "error" : "warning";
        return Location.IsKnown || Location.File.Length > 0
            ? $"{Location}: {severity} {Code}: {Message}"
            : $"{severity} {Code}: {Message}";
    }
}
