namespace HaVrrp.HelpCompiler.Reflection;

/// <summary>A cmdlet as its compiled attributes declare it: the truth the help's syntax is built from.</summary>
internal sealed record CmdletShape(
    string Verb,
    string Noun,
    string? DefaultParameterSetName,
    bool SupportsShouldProcess,
    IReadOnlyList<ParameterShape> Parameters)
{
    public const string AllParameterSets = "__AllParameterSets";

    public string Name => $"{Verb}-{Noun}";

    /// <summary>The parameter set names, the default first; one unnamed set when none is declared.</summary>
    public IReadOnlyList<string> ParameterSetNames
    {
        get
        {
            // The default set exists even when no parameter names it (only shared parameters belong to it).
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.SetName)
                .Append(DefaultParameterSetName ?? AllParameterSets)
                .Where(n => n != AllParameterSets).Distinct(StringComparer.Ordinal).ToList();
            if (named.Count == 0)
            {
                return [AllParameterSets];
            }
            return named.OrderBy(n => n == DefaultParameterSetName ? 0 : 1).ToList();
        }
    }

    /// <summary>The parameters of one set, in the order PowerShell prints syntax: positional, then mandatory, then the rest.</summary>
    public IEnumerable<(ParameterShape Parameter, ParameterSetMembership Membership)> InSet(string setName) =>
        Parameters
            .Select(p => (Parameter: p, Membership: p.Sets.FirstOrDefault(s => s.SetName == setName || s.SetName == AllParameterSets)))
            .Where(pair => pair.Membership is not null)
            .Select(pair => (pair.Parameter, pair.Membership!))
            .OrderBy(pair => pair.Item2.Position ?? int.MaxValue)
            .ThenBy(pair => pair.Item2.Mandatory ? 0 : 1);
}

/// <summary>One parameter of a cmdlet, with the sets it belongs to.</summary>
internal sealed record ParameterShape(
    string Name,
    string TypeFullName,
    string TypeDisplayName,
    bool IsSwitch,
    IReadOnlyList<string> Aliases,
    bool SupportsWildcards,
    IReadOnlyList<string> AcceptedValues,
    IReadOnlyList<ParameterSetMembership> Sets)
{
    public bool IsArray => TypeFullName.EndsWith("[]", StringComparison.Ordinal);

    public bool MandatoryAnywhere => Sets.Any(s => s.Mandatory);

    public int? Position => Sets.Select(s => s.Position).FirstOrDefault(p => p is not null);

    public bool FromPipeline => Sets.Any(s => s.ValueFromPipeline);

    public bool FromPipelineByPropertyName => Sets.Any(s => s.ValueFromPipelineByPropertyName);
}

/// <summary>What one [Parameter] attribute says: how the parameter binds in one parameter set.</summary>
internal sealed record ParameterSetMembership(
    string SetName,
    bool Mandatory,
    int? Position,
    bool ValueFromPipeline,
    bool ValueFromPipelineByPropertyName);
