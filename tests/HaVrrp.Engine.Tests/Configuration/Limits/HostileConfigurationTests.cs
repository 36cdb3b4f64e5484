using System.Diagnostics;
using System.Text;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Validation;
using HaVrrp.Engine.Tests.Configuration.Keepalived;

namespace HaVrrp.Engine.Tests.Configuration.Limits;

/// <summary>
/// The reproducers of issue 9, kept as they were reported (sizes reduced where the size does not matter): each one
/// crashed, hung or exhausted memory; each must now be one diagnostic naming the file, the place and the limit.
/// </summary>
public sealed class HostileConfigurationTests : IDisposable
{
    private readonly KeepalivedTestSupport.TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static ConfigLoadResult Load(string path) =>
        ConfigLoader.Load(path, new ConfigLoadOptions { ConfigId = "node1" });

    private static Diagnostic Single(ConfigLoadResult result, string code) =>
        Assert.Single(result.Diagnostics, d => d.Code == code);

    [Fact]
    public void YamlOf30000OpeningBrackets_IsRefusedAtTheNestingLimit_NotAStackOverflow()
    {
        var path = _directory.Write("deep.yaml", new string('[', 30000) + "\n");

        var result = Load(path);

        var diagnostic = Single(result, DiagnosticCodes.LoadLimitExceeded);
        Assert.Equal($"{path}:1:65: error HV0007: blocks nest deeper than 64 levels (limit MaxNestingDepth); the rest of the configuration is not read", diagnostic.ToString());
        Assert.False(result.IsValid);
    }

    [Fact]
    public void YamlMappingsNested100000Deep_AreRefusedAtTheNestingLimit()
    {
        var path = _directory.Write("deep.yaml", string.Concat(Enumerable.Repeat("{a: ", 100_000)) + "\n");

        var diagnostic = Single(Load(path), DiagnosticCodes.LoadLimitExceeded);

        Assert.Equal(new SourceLocation(path, 1, 1 + (64 * 4)), diagnostic.Location);
        Assert.Contains("MaxNestingDepth", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: [\nb", "1:4")]
    [InlineData("- {\nt", "1:1")]
    public void TruncatedYamlFlowCollection_IsASyntaxError_NotAnException(string text, string lineAndColumn)
    {
        var path = _directory.Write("short.yaml", text);

        var diagnostic = Single(Load(path), DiagnosticCodes.YamlSyntax);

        Assert.Equal($"{path}:{lineAndColumn}: error HV0050: YAML syntax error: the parser could not go on after this point; an unclosed '[' or '{{' is the usual cause", diagnostic.ToString());
    }

    [Theory]
    [InlineData("include [\n")]
    [InlineData("include /tmp/[\n")]
    public void IncludeOfAnUnclosedBracket_IsAnOrdinaryPattern_NotAnException(string text)
    {
        var path = _directory.Write("keepalived.conf", text);

        var result = Load(path);

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.InternalError);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.IncludeNotFound && d.Location.Line == 1);
    }

    [Theory]
    [InlineData("/dev/zero", "a character device")]
    [InlineData("/dev/urandom", "a character device")]
    public void IncludeOfADevice_IsRefusedBeforeReading(string device, string kind)
    {
        var path = _directory.Write("keepalived.conf", $"include {device}\n");

        var diagnostic = Single(Load(path), DiagnosticCodes.NotRegularFile);

        Assert.Equal($"{path}:1:9: error HV0006: {device} is {kind}, not a regular file; not read", diagnostic.ToString());
    }

    [Fact]
    public void ADeviceAsTheConfigurationFile_IsRefusedBeforeReading()
    {
        var result = Load("/dev/zero");

        Assert.Equal("/dev/zero: error HV0006: /dev/zero is a character device, not a regular file; not read", Single(result, DiagnosticCodes.NotRegularFile).ToString());
    }

    [Fact]
    public void IncludeOfAFifoNobodyWritesTo_IsRefusedWithoutOpeningIt()
    {
        var fifo = Path.Combine(_directory.Path, "pipe.conf");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var path = _directory.Write("keepalived.conf", "include pipe.conf\n");

        var diagnostic = Single(Load(path), DiagnosticCodes.NotRegularFile);

        Assert.Equal($"{path}:1:9: error HV0006: {fifo} is a FIFO (named pipe), not a regular file; not read", diagnostic.ToString());
    }

    [Fact]
    public void IncludeFanOut_31FilesEachIncludingTheNextFourTimes_StopsAtTheFileLimit()
    {
        for (var level = 0; level < 31; level++)
        {
            var next = $"level{level + 1}.conf";
            _directory.Write($"level{level}.conf", level == 30 ? "! the end\n" : string.Concat(Enumerable.Repeat($"include {next}\n", 4)));
        }

        var diagnostic = Single(Load(Path.Combine(_directory.Path, "level0.conf")), DiagnosticCodes.LoadLimitExceeded);

        Assert.Contains("more than 1000 files would be read (limit MaxFiles)", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(9, diagnostic.Location.Column);
        Assert.Matches(@"level\d+\.conf$", diagnostic.Location.File);
    }

    [Fact]
    public void GlobWithManyStars_AgainstALongName_DoesNotBacktrackExponentially()
    {
        _directory.Write(new string('a', 200) + ".conf", "! never matched\n");
        var path = _directory.Write("keepalived.conf", "include *a*a*a*a*a*a*a*a*a*a*a*a*b\n");

        var result = Load(path);

        Assert.Equal(DiagnosticCodes.IncludeNotFound, Assert.Single(result.Diagnostics, d => d.Location.Line == 1).Code);
    }

    [Fact]
    public void ParameterBomb_Of47Kilobytes_StopsAtTheExpansionLimit()
    {
        // Each use of $E16 is 393,216 characters: 3,000 of them grew past a gigabyte.
        var text = new StringBuilder("$E0=abcdef\n");
        for (var level = 1; level <= 16; level++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"$E{level}=$E{level - 1}$E{level - 1}\n");
        }
        for (var line = 0; line < 3000; line++)
        {
            text.Append("    script $E16\n");
        }
        var path = _directory.Write("keepalived.conf", text.ToString());
        Assert.InRange(new FileInfo(path).Length, 40_000, 50_000);

        var diagnostic = Single(Load(path), DiagnosticCodes.LoadLimitExceeded);

        Assert.Contains("parameter substitution produces more than 16777216 characters (limit MaxExpandedCharacters)", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(12, diagnostic.Location.Column);
        Assert.InRange(diagnostic.Location.Line, 18, 3017);
    }

    [Fact]
    public void TwentyIncludedFilesOfFourMegabytes_StopAtTheTotalByteLimit()
    {
        var comment = new string('#', 4_000_000 - 1) + "\n";
        var includes = new StringBuilder();
        for (var index = 0; index < 20; index++)
        {
            _directory.Write($"big{index:00}.conf", comment);
            includes.Append(System.Globalization.CultureInfo.InvariantCulture, $"include big{index:00}.conf\n");
        }
        var path = _directory.Write("keepalived.conf", includes.ToString());

        var diagnostic = Single(Load(path), DiagnosticCodes.LoadLimitExceeded);

        Assert.Equal($"{path}:5:9: error HV0007: the files read total more than 16777216 bytes (limit MaxTotalBytes); the rest of the configuration is not read", diagnostic.ToString());
    }

    [Fact]
    public void AMillionNestedBlocks_StopAtTheNestingLimit_WithOneDiagnostic()
    {
        var path = _directory.Write("keepalived.conf", string.Concat(Enumerable.Repeat("x {\n", 1_000_000)));

        var result = Load(path);

        Assert.Equal($"{path}:65:3: error HV0007: blocks nest deeper than 64 levels (limit MaxNestingDepth); the rest of the configuration is not read", Single(result, DiagnosticCodes.LoadLimitExceeded).ToString());
        Assert.InRange(result.Diagnostics.Count, 1, 1001);
    }

    [Fact]
    public void MoreFindingsThanTheLimit_AreCountedInOneLine()
    {
        var path = _directory.Write("keepalived.conf", string.Concat(Enumerable.Repeat("bogus_keyword\n", 2500)));

        var result = Load(path);

        // 2,500 unknown keywords and the validator's "no vrrp_instance": 1,000 kept, 1,501 counted.
        Assert.Equal(1001, result.Diagnostics.Count);
        var summary = Single(result, DiagnosticCodes.DiagnosticsSuppressed);
        Assert.Equal($"{path}:1001:1: warning HV0008: 1501 more finding(s) not shown (limit MaxDiagnostics: 1000 kept); fix the ones above first", summary.ToString());
    }

    [Fact]
    public void AnExceptionInsideTheLoad_BecomesAnInternalErrorDiagnostic()
    {
        var path = _directory.Write("keepalived.conf", "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n 10.0.0.1\n }\n}\n");
        var options = new ConfigLoadOptions
        {
            Environment = new ValidationEnvironment { InterfaceExists = _ => throw new InvalidOperationException("netlink went away") },
        };

        var result = ConfigLoader.Load(path, options);

        Assert.False(result.IsValid);
        Assert.Equal($"{path}: error HV0009: internal error while reading {path}: netlink went away (please report this as a bug, with the file)",
            Single(result, DiagnosticCodes.InternalError).ToString());
    }
}
