using System.Management.Automation;

namespace HaVrrp.PowerShell.Daemon;

/// <summary>
/// PowerShell's name matching for daemon objects: wildcards select (and may select nothing), a literal name that
/// matches nothing is an error, as with Get-Service.
/// </summary>
internal sealed class NameSelection
{
    private readonly (string Text, WildcardPattern Pattern)[] _patterns;

    public NameSelection(IEnumerable<string>? names)
    {
        _patterns = names is null
            ? []
            : [.. names.Where(name => !string.IsNullOrEmpty(name)).Select(name => (name, WildcardPattern.Get(name, WildcardOptions.IgnoreCase)))];
    }

    public bool SelectsAll => _patterns.Length == 0;

    /// <summary>The names, when every one is literal (no wildcard): the daemon can be asked for exactly those.</summary>
    public IReadOnlyList<string>? LiteralNames =>
        SelectsAll || _patterns.Any(pattern => WildcardPattern.ContainsWildcardCharacters(pattern.Text))
            ? null
            : [.. _patterns.Select(pattern => pattern.Text)];

    /// <summary>The items whose names match, in the daemon's order, and the literal names that matched none.</summary>
    public (List<T> Selected, List<string> Missing) Apply<T>(IEnumerable<T> items, Func<T, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(nameOf);
        var all = items.ToList();
        if (SelectsAll)
        {
            return (all, []);
        }
        var selected = all.Where(item => _patterns.Any(pattern => pattern.Pattern.IsMatch(nameOf(item)))).ToList();
        var missing = _patterns
            .Where(pattern => !WildcardPattern.ContainsWildcardCharacters(pattern.Text) && !all.Any(item => pattern.Pattern.IsMatch(nameOf(item))))
            .Select(pattern => pattern.Text)
            .ToList();
        return (selected, missing);
    }
}
