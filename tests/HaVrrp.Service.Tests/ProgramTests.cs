using System.Diagnostics;

namespace HaVrrp.Service.Tests;

/// <summary>The real havrrpd binary, run as a process: exit codes and output as an operator sees them.</summary>
public sealed class ProgramTests
{
    private static (int ExitCode, string Output, string Errors) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "havrrpd.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "havrrpd did not exit");
        return (process.ExitCode, output.Result, errors.Result);
    }

    [Theory]
    [InlineData("--signum=JSON", "36")]
    [InlineData("--signum=DATA", "10")]
    [InlineData("--signum=STATS", "12")]
    [InlineData("--signum=STATS_CLEAR", "63")]
    [InlineData("--signum=RELOAD", "1")]
    [InlineData("--signum=STOP", "15")]
    public void Signum_PrintsTheNumberKeepalivedPrints(string option, string number)
    {
        var (exitCode, output, _) = Run(option);
        Assert.Equal(0, exitCode);
        Assert.Equal(number, output.Trim());
    }

    [Fact]
    public void Signum_OfAnUnknownFunction_SaysSoAsKeepalivedDoes()
    {
        var (exitCode, _, errors) = Run("--signum=TDATA");
        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown sigfunc TDATA", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OnTheShippedExample_ExitsZero()
    {
        var (exitCode, output, _) = Run("--check", "--config", Repository.Example("keepalived/lb-pair.conf"));
        Assert.Equal(0, exitCode);
        Assert.Contains("Configuration is valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OnTheBrokenExample_ExitsOne()
    {
        var (exitCode, output, _) = Run("--check", "--config", Repository.Example("keepalived/broken.conf"));
        Assert.Equal(1, exitCode);
        Assert.Contains(": error HV", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOption_ExitsTwo_WithUsage()
    {
        var (exitCode, _, errors) = Run("--frobnicate");
        Assert.Equal(2, exitCode);
        Assert.Contains("Usage: havrrpd", errors, StringComparison.Ordinal);
    }
}
