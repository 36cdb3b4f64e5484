using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Yaml;

namespace HaVrrp.Engine.Tests.Configuration;

public sealed class YamlControlReaderTests
{
    private static (HaVrrpConfiguration Config, string[] Diagnostics) Read(string yaml)
    {
        var diagnostics = new DiagnosticBag();
        var config = YamlConfigReader.ReadText(yaml, "havrrp.yaml", diagnostics);
        return (config, diagnostics.Items.Select(d => d.ToString()).ToArray());
    }

    [Fact]
    public void ControlBlock_ReadsSocketAndAdminGroup()
    {
        var (config, diagnostics) = Read("control:\n  socket: /run/lb/ctl.sock\n  admin_group: lbadmins\n");

        Assert.Empty(diagnostics);
        Assert.Equal("/run/lb/ctl.sock", config.Control.SocketPath);
        Assert.Equal("lbadmins", config.Control.AdminGroup);
    }

    [Fact]
    public void NoControlBlock_MeansTheDefaults()
    {
        var (config, _) = Read("global_defs:\n  router_id: lb1\n");

        Assert.True(config.Control.IsDefault);
    }

    [Theory]
    [InlineData("relative/ctl.sock")]
    [InlineData("/a/very/long/path/that/does/not/fit/into/the/one/hundred/and/eight/bytes/of/sun_path/in/a/unix/socket/address.sock")]
    public void SocketPath_ThatCannotBeBound_IsAnError(string path)
    {
        var (config, diagnostics) = Read($"control:\n  socket: {path}\n");

        Assert.Null(config.Control.SocketPath);
        var diagnostic = Assert.Single(diagnostics);
        Assert.StartsWith("havrrp.yaml:2:11: error HV0024:", diagnostic, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKey_InControl_SuggestsTheNearest()
    {
        var (_, diagnostics) = Read("control:\n  admin_grup: x\n");

        Assert.Contains(diagnostics, d => d.Contains("did you mean 'admin_group'", StringComparison.Ordinal));
    }

    [Fact]
    public void Writer_RoundTripsTheControlBlock()
    {
        var written = YamlConfigWriter.Write(new HaVrrpConfiguration { Control = new ControlSettings { SocketPath = "/run/x.sock", AdminGroup = "ops" } });
        var (config, diagnostics) = Read(written);

        Assert.Empty(diagnostics);
        Assert.Equal(new ControlSettings { SocketPath = "/run/x.sock", AdminGroup = "ops" }, config.Control with { Source = SourceMap.None });
    }
}
