using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Configuration.Keepalived;

namespace HaVrrp.Engine.Tests.Configuration.Keepalived;

public class KeepalivedLexerTests
{
    private static List<KeepalivedToken> Lex(string line, DiagnosticBag? diagnostics = null)
    {
        var tokens = new List<KeepalivedToken>();
        KeepalivedLexer.Lex(line, 0, line.Length, "k.conf", 7, null, tokens, diagnostics ?? new DiagnosticBag());
        return tokens;
    }

    private static string Show(List<KeepalivedToken> tokens) =>
        string.Join(' ', tokens.Select(token => token.Kind switch
        {
            KeepalivedTokenKind.EndOfLine => "<eol>",
            KeepalivedTokenKind.QuotedString => $"\"{token.Text}\"",
            _ => token.Text,
        }));

    [Fact]
    public void Words_AreSplitOnSpacesAndTabs_WithTheirColumns()
    {
        var tokens = Lex("\tpriority   100");

        Assert.Equal("priority 100 <eol>", Show(tokens));
        Assert.Equal(new SourceLocation("k.conf", 7, 2), tokens[0].Location);
        Assert.Equal(new SourceLocation("k.conf", 7, 13), tokens[1].Location);
    }

    [Fact]
    public void Braces_GluedToWords_StandAlone()
    {
        Assert.Equal("group { VI_1 } <eol>", Show(Lex("group{VI_1}")));
    }

    [Theory]
    [InlineData("priority 100 # trailing")]
    [InlineData("priority 100 ! trailing")]
    [InlineData("priority 100# glued")]
    public void Comments_RunToTheEndOfTheLine(string line)
    {
        Assert.Equal("priority 100 <eol>", Show(Lex(line)));
    }

    [Fact]
    public void CommentOnlyLine_ProducesNoTokens()
    {
        Assert.Empty(Lex("   # nothing here"));
    }

    [Fact]
    public void QuotedStrings_KeepSpacesAndCommentCharacters()
    {
        var tokens = Lex("script \"killall -0 haproxy # not a comment\" 'single ! quoted'");

        Assert.Equal("script \"killall -0 haproxy # not a comment\" \"single ! quoted\" <eol>", Show(tokens));
        Assert.Equal(KeepalivedTokenKind.QuotedString, tokens[1].Kind);
        Assert.Equal(8, tokens[1].Location.Column);
    }

    [Theory]
    [InlineData(@"""a\""b""", "a\"b")]
    [InlineData(@"""tab\there""", "tab\there")]
    [InlineData(@"""new\nline""", "new\nline")]
    [InlineData(@"""hex\x41""", "hexA")]
    [InlineData(@"""octal\101""", "octalA")]
    [InlineData(@"""control\cA""", "control\u0001")]
    [InlineData(@"""back\\slash""", "back\\slash")]
    [InlineData(@"'it\'s'", "it's")]
    public void QuotedStrings_ResolveKeepalivedEscapes(string written, string expected)
    {
        Assert.Equal(expected, Lex(written)[0].Text);
    }

    [Fact]
    public void UnterminatedString_IsReportedAtItsQuote()
    {
        var diagnostics = new DiagnosticBag();

        var tokens = Lex("notify_master \"/bin/notify.sh master", diagnostics);

        Assert.Equal("/bin/notify.sh master", tokens[1].Text);
        var diagnostic = Assert.Single(diagnostics.Items);
        Assert.Equal("k.conf:7:15: error HV0012: string opened with \" is not closed before the end of the line", diagnostic.ToString());
    }

    [Fact]
    public void CarriageReturn_IsWhitespace()
    {
        Assert.Equal("priority 100 <eol>", Show(Lex("priority 100\r")));
    }

    [Fact]
    public void NewlineInsideText_EndsALine()
    {
        Assert.Equal("a 1 <eol> b 2 <eol>", Show(Lex("a 1\nb 2")));
    }

    [Fact]
    public void FindCommentStart_IgnoresCommentCharactersInQuotes()
    {
        const string line = "script \"a # b\" # real";

        Assert.Equal(15, KeepalivedLexer.FindCommentStart(line, 0, line.Length));
    }
}
