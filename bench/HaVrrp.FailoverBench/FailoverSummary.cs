using System.Globalization;
using System.Text;
using HaVrrp.TestSupport.Observers;

namespace HaVrrp.FailoverBench;

/// <summary>The repetitions of one (pair, profile, scenario) and the markdown row that sums them up.</summary>
internal sealed record FailoverSummary(string Pair, FailoverProfile Profile, FailoverScenario Scenario, IReadOnlyList<ProbeReport> Reports)
{
    public const string Header =
        "| pair (master → backup) | profile | scenario | runs | outage median ms | min | max | unanswered median | min | max | backup Master_Down_Interval ms | backup Skew_Time ms |\n" +
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public string Row()
    {
        var outages = Reports.Select(report => report.LongestOutage.TotalMilliseconds).ToList();
        var unanswered = Reports.Select(report => (double)report.UnansweredCount).ToList();
        var row = new StringBuilder();
        row.Append(CultureInfo.InvariantCulture,
            $"| {Pair} | {Profile.Name} | {ScenarioName} | {Reports.Count} | {Median(outages):F0} | {outages.Min():F0} | {outages.Max():F0} | ");
        row.Append(CultureInfo.InvariantCulture,
            $"{Median(unanswered):F0} | {unanswered.Min():F0} | {unanswered.Max():F0} | ");
        row.Append(CultureInfo.InvariantCulture,
            $"{Profile.BackupMasterDownInterval.TotalMilliseconds:F0} | {Profile.BackupSkewTime.TotalMilliseconds:F0} |");
        return row.ToString();
    }

    private string ScenarioName => Scenario == FailoverScenario.Crash ? "kill -9 + link cut" : "SIGTERM";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
