namespace HaVrrp.TestSupport.Daemons;

/// <summary>One line a daemon wrote, with when it arrived (time since the daemon was started) and on which stream.</summary>
public sealed record LogLine(TimeSpan Elapsed, OutputChannel Channel, string Text)
{
    public override string ToString() => $"{Elapsed.TotalSeconds,8:F3} {Channel,-6} {Text}";
}

public enum OutputChannel
{
    Stdout,
    Stderr,
}
