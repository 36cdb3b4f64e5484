using Xunit.Abstractions;

namespace HaVrrp.PowerShell.Tests;

/// <summary>
/// The Pester suite (tests/Pester) in a real pwsh 7.6 — the local .NET tool pinned in
/// .config/dotnet-tools.json — against the module folder the build produced, so the README's test
/// command proves the module the way users run it (docs/powershell.md).
/// </summary>
public sealed class PesterSuiteTests
{
    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(20);

    private readonly ITestOutputHelper _output;

    public PesterSuiteTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task PesterSuite_InRealPwsh_AllTestsPass()
    {
        var root = ModuleMetadata.RepositoryRoot;
        var pester = ModuleMetadata.Metadata("PesterModulePath");
        var manifest = ModuleMetadata.Metadata("ModuleManifestPath");
        Assert.True(File.Exists(pester), $"Pester was not restored to {pester} (PackageDownload in HaVrrp.Module.Tests.csproj)");
        Assert.True(File.Exists(manifest), $"the module was not built to {manifest}");

        // A fresh clone (CI) has no tools yet: restoring is quick when they are already there.
        var restore = await ExternalProcess.RunAsync(ExternalProcess.DotnetHost, ["tool", "restore"], root, RestoreTimeout);
        Assert.True(restore.ExitCode == 0, $"dotnet tool restore failed ({restore.ExitCode}):\n{restore.Output}");

        var resultPath = Path.Combine(Path.GetTempPath(), $"havrrp-pester-{Guid.NewGuid():N}.xml");
        try
        {
            var suite = await ExternalProcess.RunAsync(
                ExternalProcess.DotnetHost,
                ["pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(root, "tests", "Pester", "Invoke-PesterSuite.ps1"),
                 "-PesterPath", pester, "-ModulePath", manifest, "-ResultPath", resultPath, "-LabPath", ModuleMetadata.Metadata("PesterLabPath")],
                root,
                SuiteTimeout);
            _output.WriteLine(suite.Output);
            Assert.False(suite.TimedOut, $"the Pester suite did not finish within {SuiteTimeout}");
            Assert.True(File.Exists(resultPath), $"the Pester suite wrote no result (exit {suite.ExitCode}):\n{suite.Output}");

            var results = PesterResults.Read(resultPath);
            _output.WriteLine(results.Summary);
            Assert.True(results.Failures.Count == 0,
                $"{results.Summary}\n" + string.Join('\n', results.Failures.Select(f => $"FAILED {f.Name}: {f.Message}")));
            Assert.True(results.Total > 0, "the Pester suite ran no test");
            // Pester's exit code also counts failures outside tests (a broken BeforeAll, an unparsable file).
            Assert.True(suite.ExitCode == 0, $"{results.Summary}, but pwsh exited {suite.ExitCode}:\n{suite.Output}");
        }
        finally
        {
            File.Delete(resultPath);
        }
    }
}
