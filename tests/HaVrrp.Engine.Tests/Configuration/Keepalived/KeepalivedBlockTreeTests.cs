using static HaVrrp.Engine.Tests.Configuration.Keepalived.KeepalivedTestSupport;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

public class KeepalivedBlockTreeTests
{
    [Fact]
    public void UnclosedBlock_IsReportedAtItsOpeningBrace()
    {
        var (configuration, diagnostics) = Read("vrrp_instance VI_1 {\n  interface eth0\n  virtual_ipaddress {\n    10.0.0.1\n");

        Assert.Equal(
            new[]
            {
                "keepalived.conf:1:20: error HV0011: '{' of vrrp_instance is never closed",
                "keepalived.conf:3:21: error HV0011: '{' of virtual_ipaddress is never closed",
            },
            Lines(diagnostics));
        Assert.Equal("eth0", configuration.Instances[0].Interface);
    }

    [Fact]
    public void ExtraCloseBrace_IsReportedWhereItStands()
    {
        var (configuration, diagnostics) = Read("vrrp_instance VI_1 {\n  interface eth0\n}\n}\nvrrp_instance VI_2 {\n}\n");

        Assert.Equal(["keepalived.conf:4:1: error HV0010: '}' does not close any block"], Lines(diagnostics));
        Assert.Equal(2, configuration.Instances.Count);
    }

    [Fact]
    public void OpenBraceOnTheNextLine_OpensTheBlockOfTheLineBefore()
    {
        var configuration = ReadClean("vrrp_instance VI_1\n{\n  interface eth0\n}\n");

        Assert.Equal("eth0", configuration.Instances[0].Interface);
    }

    [Fact]
    public void WholeBlockOnOneLine_IsRead()
    {
        var configuration = ReadClean("vrrp_instance VI_1 { interface eth0 }\n");

        Assert.Equal("eth0", configuration.Instances[0].Interface);
    }

    [Fact]
    public void BraceWithoutKeyword_IsIgnoredWithAWarning()
    {
        var (_, diagnostics) = Read("vrrp_instance VI_1 {\n}\n{\n}\n");

        Assert.Equal(["keepalived.conf:3:1: warning HV0020: block without a keyword in the top level; ignored"], Lines(diagnostics));
    }
}
