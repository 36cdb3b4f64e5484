using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

/// <summary>Small helpers shared by the keepalived reader tests.</summary>
internal static class KeepalivedTestSupport
{
    public static readonly KeepalivedReadOptions Options = new() { ConfigId = "node1" };

    public static string TestDataPath(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestData", "keepalived", .. parts]);

    public static (HaVrrpConfiguration Configuration, DiagnosticBag Diagnostics) Read(string text, string fileName = "keepalived.conf")
    {
        var diagnostics = new DiagnosticBag();
        var configuration = KeepalivedConfigReader.ReadText(text, fileName, Options, diagnostics);
        return (configuration, diagnostics);
    }

    /// <summary>Reads text that must produce no diagnostics at all.</summary>
    public static HaVrrpConfiguration ReadClean(string text)
    {
        var (configuration, diagnostics) = Read(text);
        Assert.Empty(diagnostics.Items.Select(d => d.ToString()));
        return configuration;
    }

    public static string[] Lines(DiagnosticBag diagnostics) => [.. diagnostics.Items.Select(d => d.ToString())];

    public static string[] Codes(DiagnosticBag diagnostics) => [.. diagnostics.Items.Select(d => d.Code)];

    /// <summary>A fresh directory under the system temp folder, removed when disposed.</summary>
    public sealed class TempDirectory : IDisposable
    {
        public TempDirectory() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "havrrp-tests-" + Guid.NewGuid().ToString("N"));

        public string Write(string relativePath, string text)
        {
            var full = System.IO.Path.Combine(Path, relativePath);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
            return full;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
