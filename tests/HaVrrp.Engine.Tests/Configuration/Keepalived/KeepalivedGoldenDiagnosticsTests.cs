using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;
using static HaVrrp.Engine.Tests.Configuration.Keepalived.KeepalivedTestSupport;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

/// <summary>
/// Each TestData/keepalived/bad/NAME.conf is read and its diagnostics, printed as operators see them, must equal
/// NAME.expected line for line. Paths are shown relative to the bad/ folder.
/// </summary>
public class KeepalivedGoldenDiagnosticsTests
{
    public static TheoryData<string> BadFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(TestDataPath("bad"), "*.conf").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadFile_ProducesExactlyTheExpectedDiagnostics(string fileName)
    {
        var directory = TestDataPath("bad");
        var diagnostics = new DiagnosticBag();

        KeepalivedConfigReader.Read(Path.Combine(directory, fileName), Options, diagnostics);

        var actual = Lines(diagnostics).Select(line => line.Replace(directory + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal));
        var expectedPath = Path.Combine(directory, Path.ChangeExtension(fileName, ".expected"));
        var expected = File.ReadAllLines(expectedPath).Where(line => line.Length > 0);
        Assert.Equal(expected, actual);
    }
}
