using HaVrrp.Engine.Configuration.Keepalived;

namespace HaVrrp.Engine.Tests.Configuration.Limits;

/// <summary>glob(3)'s segment rules, and no pattern that throws or backtracks exponentially.</summary>
public sealed class GlobSegmentMatcherTests
{
    [Theory]
    [InlineData("*.conf", "a.conf", true)]
    [InlineData("*.conf", "a.con", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXbYd", false)]
    [InlineData("*ab", "aab", true)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[!a-c]x", "bx", false)]
    [InlineData("[^a-c]x", "dx", true)]
    [InlineData("[]]", "]", true)]
    [InlineData("[!]]", "a", true)]
    [InlineData("[", "[", true)]
    [InlineData("[", "a", false)]
    [InlineData("a[", "a[", true)]
    [InlineData("[!", "[!", true)]
    [InlineData("[]", "[]", true)]
    [InlineData("*[", "x[", true)]
    public void Matches_FollowsGlobRules_AndNeverThrows(string pattern, string name, bool expected) =>
        Assert.Equal(expected, GlobSegmentMatcher.Matches(pattern, name));

    [Fact]
    public void ManyStars_AgainstALongName_AnswersAtOnce()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 40)) + "*b";
        Assert.False(GlobSegmentMatcher.Matches(pattern, new string('a', 10_000)));
        Assert.True(GlobSegmentMatcher.Matches(pattern, new string('a', 10_000) + "b"));
    }
}
