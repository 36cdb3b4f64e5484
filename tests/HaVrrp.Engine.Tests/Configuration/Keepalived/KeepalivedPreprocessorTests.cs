using HaVrrp.Engine.Configuration;
using static HaVrrp.Engine.Tests.Configuration.Keepalived.KeepalivedTestSupport;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

/// <summary>Parameters (<c>$NAME=value</c>) and conditional lines (<c>@id</c>, <c>@^id</c>).</summary>
public class KeepalivedPreprocessorTests
{
    [Fact]
    public void Parameters_AreSubstituted_InBothSpellings()
    {
        var configuration = ReadClean("""
            $IF=eth1
            $VRID=51
            vrrp_instance VI_$VRID {
                interface $IF
                virtual_router_id ${VRID}
                notify_master "/etc/k/notify.sh ${IF}"
            }
            """);

        var instance = configuration.Instances[0];
        Assert.Equal("VI_51", instance.Name);
        Assert.Equal("eth1", instance.Interface);
        Assert.Equal(51, instance.VirtualRouterId);
        Assert.Equal("/etc/k/notify.sh eth1", instance.Notify.Master!.Command);
    }

    [Fact]
    public void Parameters_ExpandRecursivelyAtUseTime()
    {
        var configuration = ReadClean("""
            $PRIORITY=${BASE}0
            $BASE=15
            vrrp_instance VI_1 {
                priority $PRIORITY
            }
            """);

        Assert.Equal(150, configuration.Instances[0].Priority);
    }

    [Fact]
    public void MultiLineParameter_ExpandsToSeveralLines()
    {
        var configuration = ReadClean("""
            $ADDRESSES=10.0.0.1/24 dev eth0 \
                10.0.0.2/24 dev eth0
            vrrp_instance VI_1 {
                virtual_ipaddress {
                    $ADDRESSES
                }
            }
            """);

        Assert.Equal(
            new[] { "10.0.0.1", "10.0.0.2" },
            configuration.Instances[0].VirtualIpAddresses.Select(address => address.Address.ToString()));
    }

    [Fact]
    public void SubstitutedTokens_PointAtTheParameterUse()
    {
        var (configuration, _) = Read("$V=abc\nvrrp_instance VI_1 {\n  virtual_router_id   $V\n}\n");

        Assert.Equal(new SourceLocation("keepalived.conf", 3, 23), configuration.Instances[0].Source.Of("virtual_router_id:value"));
    }

    [Fact]
    public void UndefinedParameter_IsAnErrorAtItsUse()
    {
        var (_, diagnostics) = Read("vrrp_instance VI_1 {\n  interface ${NOPE} # $ALSO_NOT in a comment is fine\n}\n");

        Assert.Equal(["keepalived.conf:2:13: error HV0040: parameter 'NOPE' is not defined"], Lines(diagnostics));
    }

    [Fact]
    public void InvalidParameterName_IsReported()
    {
        var (_, diagnostics) = Read("$1ABC=2\n$=x\n");

        Assert.Equal(
            new[]
            {
                "keepalived.conf:1:1: error HV0041: '$1ABC' is not a valid parameter name: use letters, digits and '_', not starting with a digit",
                "keepalived.conf:2:1: error HV0041: '$' is not a valid parameter name: use letters, digits and '_', not starting with a digit",
            },
            Lines(diagnostics));
    }

    [Fact]
    public void SelfReferencingParameter_StopsWithAnError()
    {
        var (_, diagnostics) = Read("$A=$B\n$B=$A\nglobal_defs {\n router_id $A\n}\n");

        Assert.Contains(diagnostics.Items, d => d.Code == DiagnosticCodes.InvalidParameterDefinition);
    }

    [Fact]
    public void ExponentialParameter_IsStoppedWithOneError()
    {
        var definitions = string.Concat(Enumerable.Range(0, 40).Select(level => $"$P{level}=$P{level + 1}$P{level + 1}\n"));

        var (_, diagnostics) = Read(definitions + "$P40=xxxxxxxx\nglobal_defs {\n router_id $P0\n}\n");

        Assert.Single(diagnostics.Items, d => d.Code == DiagnosticCodes.InvalidParameterDefinition);
    }

    [Fact]
    public void LoneDollar_IsPlainText()
    {
        var configuration = ReadClean("vrrp_script s {\n script \"test $ -eq 1\"\n}\n");

        Assert.Equal("test $ -eq 1", configuration.Scripts[0].Script);
    }

    [Fact]
    public void ConditionalLines_ApplyOnlyToTheirConfigId()
    {
        var configuration = ReadClean("""
            vrrp_instance VI_1 {
            @node1  priority 150
            @node2  priority 100
            @^node1 state BACKUP
            @^node2 state MASTER
            }
            """);

        Assert.Equal(150, configuration.Instances[0].Priority);
        Assert.Equal(InitialState.Master, configuration.Instances[0].InitialState);
    }

    [Fact]
    public void ConditionalLine_KeepsTheColumnsOfItsContent()
    {
        var configuration = ReadClean("vrrp_instance VI_1 {\n@node1 priority 150\n}\n");

        Assert.Equal(new SourceLocation("keepalived.conf", 2, 8), configuration.Instances[0].Source.Of("priority"));
    }

    [Fact]
    public void PwdBuiltin_IsTheDirectoryOfTheFile()
    {
        var configuration = KeepalivedTestSupport.Read("vrrp_script s {\n script \"${_PWD}/check.sh\"\n}\n", "/etc/keepalived/keepalived.conf").Configuration;

        Assert.Equal("/etc/keepalived/check.sh", configuration.Scripts[0].Script);
    }
}
