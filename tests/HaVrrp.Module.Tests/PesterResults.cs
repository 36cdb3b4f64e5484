using System.Xml.Linq;

namespace HaVrrp.PowerShell.Tests;

/// <summary>One failed Pester test: its full name and Pester's message.</summary>
public sealed record PesterFailure(string Name, string Message);

/// <summary>The counts and failures of a Pester run, read from its JUnit XML result file.</summary>
public sealed record PesterResults(int Total, int Skipped, IReadOnlyList<PesterFailure> Failures)
{
    public int Passed => Total - Skipped - Failures.Count;

    public static PesterResults Read(string junitXmlPath)
    {
        var document = XDocument.Load(junitXmlPath);
        var cases = document.Descendants("testcase").ToList();
        var failures = cases
            .Select(c => (Case: c, Failure: c.Element("failure") ?? c.Element("error")))
            .Where(pair => pair.Failure is not null)
            .Select(pair => new PesterFailure(
                (string?)pair.Case.Attribute("name") ?? "(unnamed)",
                ((string?)pair.Failure!.Attribute("message") ?? pair.Failure.Value).Trim()))
            .ToList();
        var skipped = cases.Count(c => c.Element("skipped") is not null);
        return new PesterResults(cases.Count, skipped, failures);
    }

    public string Summary => $"Pester: {Passed} passed, {Failures.Count} failed, {Skipped} skipped of {Total}";
}
