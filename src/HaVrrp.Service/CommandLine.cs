using HaVrrp.Engine.Configuration;

namespace HaVrrp.Service;

public enum DaemonMode
{
    Run,
    Check,
    Convert,
    Cleanup,
    Status,
    Help,
    Version,
    SignalNumber,
}

/// <summary>
/// havrrpd's command line, parsed (by System.CommandLine, see <see cref="CommandLineSyntax"/>). Options follow
/// keepalived's where keepalived has one (-f, -t, -i).
/// </summary>
public sealed record CommandLine
{
    public DaemonMode Mode { get; init; } = DaemonMode.Run;

    public string? ConfigPath { get; init; }

    public string? ConfigId { get; init; }

    public ConfigFormat ConvertTo { get; init; }

    /// <summary>The syntax of standard input (<c>--config -</c>), which has no file name to tell it by.</summary>
    public ConfigFormat InputFormat { get; init; } = ConfigFormat.Keepalived;

    /// <summary>True when the configuration is to be read from standard input (<c>--config -</c>).</summary>
    public bool ReadsStandardInput => ConfigPath == ConfigLoader.StandardInputPath;

    public string? OutputPath { get; init; }

    /// <summary>The control socket: where the daemon listens, or where --status asks.</summary>
    public string? SocketPath { get; init; }

    /// <summary>Where the daemon serves Prometheus metrics; wins over the configuration's <c>metrics.listen</c>.</summary>
    public System.Net.IPEndPoint? MetricsListen { get; init; }

    /// <summary>--status prints instance.list's JSON instead of a table.</summary>
    public bool Json { get; init; }

    /// <summary>The keepalived signal function --signum asks for (STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON).</summary>
    public string? SignalName { get; init; }

    public const string Usage = """
        Usage: havrrpd [--config FILE] [--config-id ID] [--socket PATH] [--metrics-listen ADDRESS:PORT]
               havrrpd --check [--config FILE] [--config-id ID]
               havrrpd --convert yaml|keepalived [--config FILE] [--output FILE]
               havrrpd --cleanup [--config FILE]
               havrrpd --status [--json] [--socket PATH]
               havrrpd --signum=STOP|RELOAD|DATA|STATS|STATS_CLEAR|JSON

          -f, --config FILE       configuration file (keepalived.conf, or YAML when it ends in .yaml/.yml).
                                  Default: /etc/havrrp/havrrp.yaml if it exists, else /etc/keepalived/keepalived.conf
          -t, --check             load and validate the configuration, print every finding, exit 0 if valid, 1 if not
                                  With --check or --convert, '-' reads standard input (see --format)
              --format FORMAT     the syntax of standard input: keepalived (default) or yaml
          -i, --config-id ID      id for keepalived's @ID conditional lines (default: the short host name)
              --convert FORMAT    convert the configuration to FORMAT (yaml or keepalived), on stdout or --output
          -o, --output FILE       where --convert writes (default: stdout)
              --cleanup           remove the VIPs, use_vmac macvlans and no_accept rules a crash left (systemd ExecStopPost)
              --socket PATH       control socket (default: the configuration's control.socket, else /run/havrrp/havrrpd.sock;
                                  for --status: $HAVRRP_SOCKET, else /run/havrrp/havrrpd.sock)
              --metrics-listen ADDRESS:PORT
                                  serve Prometheus metrics over HTTP at ADDRESS:PORT/metrics, e.g. 127.0.0.1:9650 or
                                  [::1]:9650 (default: the configuration's metrics.listen, else no metrics endpoint)
              --status            ask the running daemon for its instances and print a table; exit 3 when it is not
                                  running, 77 when the socket may not be opened
              --json              with --status: print instance.list's JSON result instead
              --signum=NAME       print the number of the signal that asks havrrpd for NAME, as keepalived --signum does:
                                  kill -s $(havrrpd --signum=JSON) $(pidof havrrpd) writes /tmp/keepalived.json
          -h, --help              show this help
              --version           show the version
        """;

    /// <summary>Parses <paramref name="args"/>; returns null and an error message when they make no sense.</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        var parsed = CommandLineSyntax.Parse(args);
        error = CommandLineSyntax.FirstError(parsed);
        if (error is not null)
        {
            return null;
        }
        var result = new CommandLine
        {
            Mode = CommandLineSyntax.Mode(parsed),
            ConfigPath = parsed.GetValue(CommandLineSyntax.Config),
            ConfigId = parsed.GetValue(CommandLineSyntax.ConfigId),
            ConvertTo = parsed.GetValue(CommandLineSyntax.Convert) ?? default,
            InputFormat = parsed.GetValue(CommandLineSyntax.Format) ?? ConfigFormat.Keepalived,
            OutputPath = parsed.GetValue(CommandLineSyntax.Output),
            SocketPath = parsed.GetValue(CommandLineSyntax.Socket),
            MetricsListen = parsed.GetValue(CommandLineSyntax.MetricsListen),
            Json = parsed.GetValue(CommandLineSyntax.Json),
            SignalName = parsed.GetValue(CommandLineSyntax.SignalNumber),
        };
        if (result.Mode is DaemonMode.Help or DaemonMode.Version or DaemonMode.SignalNumber)
        {
            return result;
        }
        if (result.Json && result.Mode != DaemonMode.Status)
        {
            error = "--json goes with --status";
            return null;
        }
        if (result.MetricsListen is not null && result.Mode != DaemonMode.Run)
        {
            error = "--metrics-listen goes with running the daemon";
            return null;
        }
        if (result.ReadsStandardInput && result.Mode is not (DaemonMode.Check or DaemonMode.Convert))
        {
            // The daemon reads its file again on every reload; standard input can be read once.
            error = "--config - (standard input) works only with --check and --convert";
            return null;
        }
        return result;
    }

    internal static bool TryParseFormat(string text, out ConfigFormat format)
    {
        switch (text.ToLowerInvariant())
        {
            case "yaml" or "yml":
                format = ConfigFormat.Yaml;
                return true;
            case "keepalived" or "conf" or "keepalived.conf":
                format = ConfigFormat.Keepalived;
                return true;
            default:
                format = default;
                return false;
        }
    }
}
