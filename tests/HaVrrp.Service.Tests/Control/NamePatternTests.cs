using HaVrrp.Service.Control;

namespace HaVrrp.Service.Tests.Control;

public sealed class NamePatternTests
{
    [Theory]
    [InlineData("VI_1", "VI_1", true)]
    [InlineData("VI_1", "VI_10", false)]
    [InlineData("VI_*", "VI_10", true)]
    [InlineData("*", "", true)]
    [InlineData("*_1", "VI_1", true)]
    [InlineData("V?_1", "VI_1", true)]
    [InlineData("V?_1", "V_1", false)]
    [InlineData("*a*b*", "xaxxbx", true)]
    [InlineData("*a*b", "xaxxbx", false)]
    [InlineData("vi_1", "VI_1", false)]
    public void Matches_LikeTheShell(string pattern, string name, bool matches) =>
        Assert.Equal(matches, NamePattern.Matches(pattern, name));
}
