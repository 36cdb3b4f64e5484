using System.Text;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using static HaVrrp.Engine.Tests.Configuration.Keepalived.KeepalivedTestSupport;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

/// <summary>Files and includes: what is read, and what is reported when a file cannot be.</summary>
public sealed class KeepalivedSourceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static (HaVrrpConfiguration Configuration, DiagnosticBag Diagnostics) ReadFile(string path, KeepalivedReadOptions? options = null)
    {
        var diagnostics = new DiagnosticBag();
        return (KeepalivedConfigReader.Read(path, options ?? Options, diagnostics), diagnostics);
    }

    [Fact]
    public void Includes_WithGlobsAndRelativePaths_AreReadInOrder()
    {
        var path = TestDataPath("includes", "keepalived.conf");

        var (configuration, diagnostics) = ReadFile(path);

        Assert.Empty(Lines(diagnostics));
        Assert.Equal("lb1", configuration.Global.RouterId);
        Assert.Equal("chk_haproxy", Assert.Single(configuration.Scripts).Name);
        Assert.Equal(new[] { "outside", "inside" }, configuration.Instances.Select(instance => instance.Name));
        Assert.Equal("198.51.100.8", Assert.Single(configuration.Instances[0].VirtualIpAddresses).Address.ToString());
    }

    [Fact]
    public void TokensFromIncludedFiles_CarryTheirOwnFileAndLine()
    {
        var (configuration, _) = ReadFile(TestDataPath("includes", "keepalived.conf"));

        var outside = configuration.Instances[0];
        Assert.EndsWith(Path.Combine("conf.d", "10-outside.conf"), outside.Source.Location.File, StringComparison.Ordinal);
        Assert.Equal(1, outside.Source.Location.Line);
        var address = outside.VirtualIpAddresses[0].Source.Location;
        Assert.EndsWith("outside-vips.conf", address.File, StringComparison.Ordinal);
        Assert.Equal((2, 5), (address.Line, address.Column));
    }

    [Fact]
    public void Include_InsideABlock_AddsToThatBlock()
    {
        _directory.Write("vips.conf", "10.0.0.1\n10.0.0.2\n");
        var main = _directory.Write("keepalived.conf", "vrrp_instance VI_1 {\n virtual_ipaddress {\n include vips.conf\n }\n}\n");

        var (configuration, diagnostics) = ReadFile(main);

        Assert.Empty(Lines(diagnostics));
        Assert.Equal(2, configuration.Instances[0].VirtualIpAddresses.Count);
    }

    [Fact]
    public void ParametersDefinedInTheMainFile_ReachIncludedFiles()
    {
        _directory.Write("instance.conf", "vrrp_instance VI_1 {\n interface $IF\n}\n");
        var main = _directory.Write("keepalived.conf", "$IF=bond0\ninclude instance.conf\n");

        Assert.Equal("bond0", ReadFile(main).Configuration.Instances[0].Interface);
    }

    [Fact]
    public void MissingInclude_IsAnErrorAtTheIncludeLine()
    {
        var main = _directory.Write("keepalived.conf", "global_defs {\n}\ninclude   missing.conf\n");

        var (_, diagnostics) = ReadFile(main);

        var diagnostic = Assert.Single(diagnostics.Items);
        Assert.Equal(DiagnosticCodes.IncludeNotFound, diagnostic.Code);
        Assert.True(diagnostic.IsError);
        Assert.Equal((main, 3, 11), (diagnostic.Location.File, diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void GlobMatchingNothing_IsOnlyAWarning()
    {
        var main = _directory.Write("keepalived.conf", "global_defs {\n}\ninclude conf.d/*.conf\n");

        var diagnostic = Assert.Single(ReadFile(main).Diagnostics.Items);

        Assert.Equal(DiagnosticCodes.IncludeNotFound, diagnostic.Code);
        Assert.False(diagnostic.IsError);
    }

    [Fact]
    public void IncludeCycle_IsReportedOnce_AndReadingGoesOn()
    {
        var main = _directory.Write("a.conf", "include b.conf\nvrrp_instance A {\n}\n");
        _directory.Write("b.conf", "include a.conf\nvrrp_instance B {\n}\n");

        var (configuration, diagnostics) = ReadFile(main);

        var diagnostic = Assert.Single(diagnostics.Items);
        Assert.Equal(DiagnosticCodes.IncludeCycle, diagnostic.Code);
        Assert.Equal("include cycle a.conf -> b.conf -> a.conf: 'a.conf' is not read again", diagnostic.Message);
        Assert.Equal(Path.Combine(_directory.Path, "b.conf"), diagnostic.Location.File);
        Assert.Equal(new[] { "B", "A" }, configuration.Instances.Select(instance => instance.Name));
    }

    [Fact]
    public void SelfInclude_IsACycle()
    {
        var main = _directory.Write("keepalived.conf", "include keepalived.conf\n");

        Assert.Equal([DiagnosticCodes.IncludeCycle], Codes(ReadFile(main).Diagnostics));
    }

    [Fact]
    public void IncludesNestedTooDeep_AreStopped()
    {
        for (var level = 0; level < 5; level++)
        {
            _directory.Write($"level{level}.conf", $"include level{level + 1}.conf\n");
        }
        _directory.Write("level5.conf", "vrrp_instance DEEP {\n}\n");

        var (configuration, diagnostics) = ReadFile(Path.Combine(_directory.Path, "level0.conf"), Options with { Limits = ConfigLoadLimits.Default with { MaxIncludeDepth = 3 } });

        Assert.Equal([DiagnosticCodes.IncludeTooDeep], Codes(diagnostics));
        Assert.Empty(configuration.Instances);
    }

    [Fact]
    public void MissingMainFile_IsHV0001()
    {
        var (configuration, diagnostics) = ReadFile(Path.Combine(_directory.Path, "nope.conf"));

        Assert.Equal([$"{Path.Combine(_directory.Path, "nope.conf")}: error HV0001: file not found"], Lines(diagnostics));
        Assert.Empty(configuration.Instances);
    }

    [Fact]
    public void Directory_IsUnreadable()
    {
        // Tests run as root in CI, where chmod 000 does not stop a read; a directory is unreadable for everyone.
        var (_, diagnostics) = ReadFile(_directory.Path);

        Assert.Equal([DiagnosticCodes.FileUnreadable], Codes(diagnostics));
    }

    [Fact]
    public void IncludedDirectory_IsUnreadable()
    {
        Directory.CreateDirectory(Path.Combine(_directory.Path, "sub.conf"));
        var main = _directory.Write("keepalived.conf", "include sub.conf\n");

        Assert.Equal([DiagnosticCodes.FileUnreadable], Codes(ReadFile(main).Diagnostics));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void FileWithoutReadPermission_IsUnreadable_ExceptForRoot()
    {
        var path = _directory.Write("secret.conf", "vrrp_instance VI_1 {\n}\n");
        File.SetUnixFileMode(path, UnixFileMode.None);

        var (configuration, diagnostics) = ReadFile(path);

        if (Environment.UserName == "root")
        {
            // Root reads whatever the mode says; the file is read normally.
            Assert.Empty(diagnostics.Items);
            Assert.Single(configuration.Instances);
        }
        else
        {
            Assert.Equal([DiagnosticCodes.FileUnreadable], Codes(diagnostics));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n   \t\n")]
    [InlineData("! only a comment\n# and another\n")]
    public void EmptyFile_IsAWarning(string content)
    {
        var path = _directory.Write("empty.conf", content);

        Assert.Equal([$"{path}: warning HV0005: file contains no configuration"], Lines(ReadFile(path).Diagnostics));
    }

    [Fact]
    public void FileWithNulBytes_IsNotText()
    {
        var path = Path.Combine(_directory.Path, "binary.conf");
        File.WriteAllBytes(path, [0x7f, (byte)'E', (byte)'L', (byte)'F', 0x02, 0x01, 0x01, 0x00, 0x00]);

        Assert.Equal([$"{path}: error HV0003: not a text file: NUL byte at offset 7"], Lines(ReadFile(path).Diagnostics));
    }

    [Fact]
    public void FileWithInvalidUtf8_IsNotText()
    {
        var path = Path.Combine(_directory.Path, "latin1.conf");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("router_id caf"), 0xE9, (byte)'\n']);

        var diagnostic = Assert.Single(ReadFile(path).Diagnostics.Items);

        Assert.Equal(DiagnosticCodes.FileNotText, diagnostic.Code);
        Assert.StartsWith("not a text file: invalid UTF-8", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ByteOrderMark_IsSkipped()
    {
        var path = Path.Combine(_directory.Path, "bom.conf");
        File.WriteAllText(path, "global_defs {\n router_id x\n}\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var (configuration, diagnostics) = ReadFile(path);

        Assert.Empty(diagnostics.Items);
        Assert.Equal("x", configuration.Global.RouterId);
    }

    [Fact]
    public void TenMegabyteFile_IsTooLarge_AndNotRead()
    {
        var path = Path.Combine(_directory.Path, "huge.conf");
        using (var stream = File.Create(path))
        {
            stream.SetLength(10 * 1024 * 1024);
        }

        var (configuration, diagnostics) = ReadFile(path);

        Assert.Equal([$"{path}: error HV0004: file is 10485760 bytes, larger than the 4194304-byte limit; not read"], Lines(diagnostics));
        Assert.Empty(configuration.Instances);
    }

    [Fact]
    public void TenMegabyteFile_IsRead_WhenTheLimitAllowsIt()
    {
        var block = "vrrp_script chk_{0} {{\n    script \"/usr/local/bin/check --with-a-long-argument {0}\"\n    interval 2\n}}\n";
        var builder = new StringBuilder();
        var count = 0;
        while (builder.Length < 10 * 1024 * 1024)
        {
            builder.AppendFormat(System.Globalization.CultureInfo.InvariantCulture, block, count++);
        }
        var path = _directory.Write("big.conf", builder.ToString());

        var (configuration, diagnostics) = ReadFile(path, Options with { Limits = ConfigLoadLimits.Default with { MaxFileBytes = 16 * 1024 * 1024, MaxTotalBytes = 16 * 1024 * 1024 } });

        Assert.Empty(diagnostics.Items);
        Assert.Equal(count, configuration.Scripts.Count);
    }

    [Fact]
    public void ReadText_AppliesTheSameChecks()
    {
        var diagnostics = new DiagnosticBag();
        KeepalivedConfigReader.ReadText("global_defs {}\0", "stdin", Options with { Limits = ConfigLoadLimits.Default with { MaxFileBytes = 4 } }, diagnostics);
        Assert.Equal([DiagnosticCodes.FileTooLarge], Codes(diagnostics));

        diagnostics = new DiagnosticBag();
        KeepalivedConfigReader.ReadText("global_defs {}\0", "stdin", Options, diagnostics);
        Assert.Equal([DiagnosticCodes.FileNotText], Codes(diagnostics));
    }

    [Fact]
    public void ReadText_ResolvesIncludesAgainstTheGivenFileName()
    {
        _directory.Write("part.conf", "vrrp_instance VI_1 {\n}\n");

        var (configuration, diagnostics) = KeepalivedTestSupport.Read("include part.conf\n", Path.Combine(_directory.Path, "virtual.conf"));

        Assert.Empty(diagnostics.Items);
        Assert.Single(configuration.Instances);
    }

    [Theory]
    [InlineData("*.conf", "a.conf", true)]
    [InlineData("*.conf", ".hidden.conf", false)]
    [InlineData("??-x.conf", "10-x.conf", true)]
    [InlineData("[0-9]*.conf", "5b.conf", true)]
    [InlineData("[!0-9]*.conf", "5b.conf", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    public void GlobSegments_MatchLikeGlob3(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, KeepalivedIncludeGlob.Matches(pattern, name));
    }

    [Fact]
    public void GlobInADirectorySegment_IsExpanded()
    {
        _directory.Write("sites/a/vrrp.conf", "vrrp_instance A {\n}\n");
        _directory.Write("sites/b/vrrp.conf", "vrrp_instance B {\n}\n");
        var main = _directory.Write("keepalived.conf", "include sites/*/vrrp.conf\n");

        Assert.Equal(new[] { "A", "B" }, ReadFile(main).Configuration.Instances.Select(instance => instance.Name));
    }
}
