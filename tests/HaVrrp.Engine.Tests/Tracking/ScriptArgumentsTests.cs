using HaVrrp.Engine.Configuration.Syntax;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Tests.Tracking;

public class ScriptArgumentsTests
{
    [Theory]
    [InlineData("/usr/bin/pidof haproxy", new[] { "/usr/bin/pidof", "haproxy" })]
    [InlineData("  /bin/check\t -v   2 ", new[] { "/bin/check", "-v", "2" })]
    [InlineData("\"/opt/my checks/run.sh\" arg", new[] { "/opt/my checks/run.sh", "arg" })]
    [InlineData("/bin/sh -c 'pidof haproxy || exit 3'", new[] { "/bin/sh", "-c", "pidof haproxy || exit 3" })]
    [InlineData("a\"b c\"d", new[] { "ab cd" })]
    [InlineData("/bin/echo ''", new[] { "/bin/echo", "" })]
    [InlineData("/bin/echo a\\ b", new[] { "/bin/echo", "a b" })]
    [InlineData("/bin/echo 'it\\'s'", new[] { "/bin/echo", "it's" })]
    [InlineData("/bin/echo \\x41\\101\\t", new[] { "/bin/echo", "AA\t" })]
    [InlineData("/bin/echo \\cA", new[] { "/bin/echo", "\u0001" })]
    public void Split_FollowsKeepalivedsQuotingAndEscapes(string commandLine, string[] expected)
    {
        Assert.Equal(expected, ScriptArguments.Split(commandLine));
    }

    [Fact]
    public void ShellSyntax_IsPassedThroughAsPlainWords()
    {
        Assert.Equal(
            ["/usr/bin/pidof", "haproxy", "|", "grep", "-q", "$PID", ">", "/dev/null", "&&", "*"],
            ScriptArguments.Split("/usr/bin/pidof haproxy | grep -q $PID > /dev/null && *"));
    }

    [Theory]
    [InlineData("/bin/echo 'open", "'/bin/echo 'open' is missing a closing '")]
    [InlineData("/bin/echo \"open", "'/bin/echo \"open' is missing a closing \"")]
    [InlineData("/bin/echo \\", "'/bin/echo \\' ends with a backslash that escapes nothing")]
    [InlineData("   ", "the command line is empty")]
    public void MalformedLines_AreRefusedWithTheReason(string commandLine, string reason)
    {
        Assert.False(ScriptArguments.TrySplit(commandLine, out _, out var error));
        Assert.Equal(reason, error);
    }
}
