using NetArchTest.Rules;

namespace HaVrrp.Architecture.Tests;

/// <summary>Turns a NetArchTest result into the names a failure message shows.</summary>
internal static class ArchitectureAssert
{
    /// <summary>
    /// The failing types by their declared name: a lambda's closure class or a nested type counts as the type
    /// that declares it, so allow-lists and messages name what a reader can find in the source.
    /// </summary>
    public static IEnumerable<string> Offenders(this TestResult result) =>
        (result.FailingTypeNames ?? []).Select(DeclaringTypeName).Distinct(StringComparer.Ordinal);

    public static void NoOffenders(IEnumerable<string> offenders, string rule)
    {
        var list = offenders.Order(StringComparer.Ordinal).ToList();
        Assert.True(list.Count == 0, $"{rule}. Offending types:\n  {string.Join("\n  ", list)}");
    }

    private static string DeclaringTypeName(string name)
    {
        var end = name.IndexOfAny(['/', '+', '`']);
        return end < 0 ? name : name[..end];
    }
}
