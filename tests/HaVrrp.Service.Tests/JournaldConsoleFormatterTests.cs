using HaVrrp.Service;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Service.Tests;

public sealed class JournaldConsoleFormatterTests
{
    [Theory]
    [InlineData(LogLevel.Information, "<6>(VI_1) Entering MASTER STATE\n")]
    [InlineData(LogLevel.Warning, "<4>(VI_1) Entering MASTER STATE\n")]
    [InlineData(LogLevel.Error, "<3>(VI_1) Entering MASTER STATE\n")]
    [InlineData(LogLevel.Critical, "<2>(VI_1) Entering MASTER STATE\n")]
    [InlineData(LogLevel.Debug, "<7>(VI_1) Entering MASTER STATE\n")]
    public void UnderJournald_EachLineCarriesTheSyslogPriority(LogLevel level, string expected) =>
        Assert.Equal(expected, Format(usePrefix: true, level, "(VI_1) Entering MASTER STATE"));

    [Fact]
    public void UnderJournald_EveryLineOfAMultiLineEventKeepsItsPriority() =>
        Assert.Equal("<3>first\n<3>second\n", Format(usePrefix: true, LogLevel.Error, "first\r\nsecond"));

    [Fact]
    public void OnATerminal_LinesStartWithTimeAndLevel()
    {
        var line = Format(usePrefix: false, LogLevel.Information, "(VI_1) setting VIPs.");

        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} info: \(VI_1\) setting VIPs\.\n$", line);
    }

    private static string Format(bool usePrefix, LogLevel level, string message)
    {
        var formatter = new JournaldConsoleFormatter(new JournaldConsoleFormatterOptions { UsePriorityPrefix = usePrefix }, TimeProvider.System);
        using var writer = new StringWriter();
        formatter.Write(JournaldConsoleFormatter.Entry(level, message), null, writer);
        return writer.ToString();
    }
}
