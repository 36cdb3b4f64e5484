using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HaVrrp.Engine.Configuration;
using Xunit.Abstractions;

namespace HaVrrp.Service.Tests;

/// <summary>
/// Issue 9's promise, checked the way it was broken: thousands of mutated keepalived.conf and YAML files through
/// the code of <c>havrrpd --check</c>. Each must end with exit 0 or 1, print no stack trace or internal error,
/// finish (a watchdog, not a speed assertion) and stay within a memory cap. Seeded: HAVRRP_FUZZ_SEED and
/// HAVRRP_FUZZ_FILES change the run, and a failure names the seed and index that reproduce it.
/// </summary>
public sealed partial class ConfigFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultSeed = 9;
    private const int DefaultFiles = 10_000;
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(10);
    /// <summary>
    /// What the kernel would see: the test process's peak resident memory, test host included. Before issue 9 one
    /// file took gigabytes. Allocation per file is only reported: garbage from a 16 Mi-character expansion adds up
    /// to hundreds of MiB allocated while the live heap stays small.
    /// </summary>
    private const long PeakWorkingSetCapBytes = 512L * 1024 * 1024;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task MutatedConfigurations_AlwaysEndInExitZeroOrOne_WithoutStackTraces_WithinTimeAndMemory()
    {
        var seed = EnvironmentNumber("HAVRRP_FUZZ_SEED", DefaultSeed);
        var files = EnvironmentNumber("HAVRRP_FUZZ_FILES", DefaultFiles);
        var keepalivedCorpus = Corpus("*.conf");
        var yamlCorpus = Corpus("*.yaml").Concat(keepalivedCorpus.Select(ToYaml).OfType<string>()).ToList();
        PrepareIncludeTargets();

        var exits = new int[2];
        var slowest = (Index: -1, Milliseconds: 0.0, Mutations: string.Empty);
        long largestAllocation = 0;
        var timeByMutation = new Dictionary<string, double>(StringComparer.Ordinal);
        var timeInCheck = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        for (var index = 0; index < files; index++)
        {
            var isYaml = index % 2 == 1;
            // Not HashCode.Combine: it is salted per process, and a failure must reproduce in the next run.
            var random = new Random(unchecked((seed * 1_000_003) + index));
            var corpus = isYaml ? yamlCorpus : keepalivedCorpus;
            var mutator = new ConfigMutator([.. keepalivedCorpus, .. yamlCorpus], random);
            var text = mutator.Mutate(corpus[random.Next(corpus.Count)]);
            var path = Path.Combine(_directory.Path, isYaml ? "fuzz.yaml" : "fuzz.conf");
            File.WriteAllBytes(path, ConfigMutator.Encode(text));

            var what = $"seed {seed}, file {index} ({string.Join(", ", mutator.Applied)})";
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var clock = Stopwatch.StartNew();
            int exitCode;
            string printed;
            try
            {
                (exitCode, printed) = await Task.Run(() => Check(path)).WaitAsync(Watchdog);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"{what}: --check did not finish within {Watchdog.TotalSeconds} s; file kept at {Keep(path)}");
                throw;
            }
            clock.Stop();
            timeInCheck += clock.Elapsed;
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;

            // Messages (and the copy of the file they point to) are made only on failure: 10,000 copies cost more than the checks.
            if (exitCode is not (0 or 1))
            {
                Assert.Fail($"{what}: exit code {exitCode}; file kept at {Keep(path)}");
            }
            if (StackTraceOrInternalError().IsMatch(printed))
            {
                Assert.Fail($"{what}: output has a stack trace or an internal error; file kept at {Keep(path)}\n{printed}");
            }
            // The peak since the process started: one read covers every file so far, so every 25th file will do.
            if ((index % 25 == 24 || index == files - 1) && PeakWorkingSetBytes() >= PeakWorkingSetCapBytes)
            {
                Assert.Fail($"{what}: peak working set {PeakWorkingSetBytes() / (1024 * 1024)} MiB, reached during one of the last 25 files; this one kept at {Keep(path)}");
            }
            exits[exitCode]++;
            largestAllocation = Math.Max(largestAllocation, allocated);
            foreach (var mutation in mutator.Applied.Distinct())
            {
                timeByMutation[mutation] = timeByMutation.GetValueOrDefault(mutation) + clock.Elapsed.TotalMilliseconds;
            }
            if (clock.Elapsed.TotalMilliseconds > slowest.Milliseconds)
            {
                File.Copy(path, SlowestCopy(path), overwrite: true);
                slowest = (index, clock.Elapsed.TotalMilliseconds, string.Join(", ", mutator.Applied));
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz: seed {seed}, {files} files ({files - (files / 2)} keepalived.conf, {files / 2} YAML) in {total.Elapsed.TotalSeconds:F1} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"of which inside --check: {timeInCheck.TotalSeconds:F1} s"));
        output.WriteLine($"exit 0: {exits[0]}, exit 1: {exits[1]}, other exits: 0, stack traces: 0, timeouts: 0");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak working set {PeakWorkingSetBytes() / (1024 * 1024)} MiB; largest allocation for one file {largestAllocation / (1024 * 1024)} MiB"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"slowest file: #{slowest.Index} ({slowest.Mutations}), {slowest.Milliseconds:F0} ms, kept at {SlowestCopy(slowest.Index % 2 == 1 ? "fuzz.yaml" : "fuzz.conf")}"));
        output.WriteLine("milliseconds spent on files with each mutation: " + string.Join(", ",
            timeByMutation.OrderByDescending(pair => pair.Value).Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value:F0}"))));
        Assert.True(exits[0] > 0 && exits[1] > 0, "the mutations should leave some files valid and make others invalid");
    }

    private static long PeakWorkingSetBytes()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    private static (int ExitCode, string Output) Check(string path)
    {
        using var writer = new StringWriter();
        var exitCode = CheckCommand.Run(new CommandLine { Mode = DaemonMode.Check, ConfigPath = path, ConfigId = "node1" }, new ConfigLoadOptions(), writer);
        return (exitCode, writer.ToString());
    }

    /// <summary>Frames of a .NET stack trace, an exception's type name, or HV0009 (a reader bug caught at the last line).</summary>
    [GeneratedRegex(@"^\s+at \S+\(|\b\w+Exception\b|HV0009", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex StackTraceOrInternalError();

    private static int EnvironmentNumber(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>The test configurations and the shipped examples, in a stable order (the seed must mean the same run everywhere).</summary>
    private static List<string> Corpus(string pattern) =>
        new[] { Path.Combine(Repository.Root, "tests", "HaVrrp.Engine.Tests", "TestData"), Path.Combine(Repository.Root, "examples") }
            .SelectMany(root => Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToList();

    private string? ToYaml(string keepalivedText)
    {
        var path = _directory.Write("seed.conf", keepalivedText);
        return ConfigConverter.Convert(path, ConfigFormat.Yaml, new ConfigLoadOptions { ConfigId = "node1" }).Text;
    }

    /// <summary>What the mutated includes point at: a fan-out chain, a FIFO nobody writes, a link to /dev/zero, a nested folder.</summary>
    private void PrepareIncludeTargets()
    {
        // In its own folder, so that only the mutations naming it pay for its thousand files.
        Directory.CreateDirectory(Path.Combine(_directory.Path, "fan"));
        for (var level = 0; level < 12; level++)
        {
            _directory.Write(Path.Combine("fan", $"{level}.conf"), level == 11 ? "! end\n" : string.Concat(Enumerable.Repeat($"include {level + 1}.conf\n", 4)));
        }
        File.CreateSymbolicLink(Path.Combine(_directory.Path, "zero.conf"), "/dev/zero");
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(_directory.Path, "pipe.conf")]))
        {
            mkfifo.WaitForExit();
        }
        Directory.CreateDirectory(Path.Combine(_directory.Path, "sub", "a"));
        _directory.Write(Path.Combine("sub", "a", "x.conf"), "global_defs {\n    router_id fuzz\n}\n");
    }

    private static string SlowestCopy(string path) => Path.Combine(Path.GetTempPath(), "havrrp-fuzz-slowest-" + Path.GetFileName(path));

    private static string Keep(string path)
    {
        var kept = Path.Combine(Path.GetTempPath(), "havrrp-fuzz-failure-" + Path.GetFileName(path));
        File.Copy(path, kept, overwrite: true);
        return kept;
    }
}
