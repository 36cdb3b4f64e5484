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

/// <summary>havrrpd's command line, parsed. Options follow keepalived's where keepalived has one (-f, -t, -i).</summary>
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
        error = null;
        var result = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-t" or "--check":
                    result = result with { Mode = DaemonMode.Check };
                    break;
                case "--cleanup":
                    result = result with { Mode = DaemonMode.Cleanup };
                    break;
                case "--status":
                    result = result with { Mode = DaemonMode.Status };
                    break;
                case "--json":
                    result = result with { Json = true };
                    break;
                case "--socket":
                    if (!TryValue(args, ref i, out var socket, out error)) { return null; }
                    result = result with { SocketPath = socket };
                    break;
                case "--metrics-listen":
                    if (!TryValue(args, ref i, out var listen, out error)) { return null; }
                    if (MetricsSettings.ParseListen(listen) is not { } endpoint)
                    {
                        error = $"--metrics-listen takes an address and port such as 127.0.0.1:9650 or [::1]:9650, not '{listen}'";
                        return null;
                    }
                    result = result with { MetricsListen = endpoint };
                    break;
                case "--signum":
                    if (!TryValue(args, ref i, out var signal, out error)) { return null; }
                    return result with { Mode = DaemonMode.SignalNumber, SignalName = signal };
                case "-h" or "--help":
                    return result with { Mode = DaemonMode.Help };
                case "--version":
                    return result with { Mode = DaemonMode.Version };
                case "-f" or "--config" or "--use-file":
                    if (!TryValue(args, ref i, out var config, out error)) { return null; }
                    result = result with { ConfigPath = config };
                    break;
                case "-i" or "--config-id":
                    if (!TryValue(args, ref i, out var id, out error)) { return null; }
                    result = result with { ConfigId = id };
                    break;
                case "-o" or "--output":
                    if (!TryValue(args, ref i, out var output, out error)) { return null; }
                    result = result with { OutputPath = output };
                    break;
                case "--convert":
                    if (!TryValue(args, ref i, out var format, out error)) { return null; }
                    if (!TryParseFormat(format, out var target))
                    {
                        error = $"--convert takes yaml or keepalived, not '{format}'";
                        return null;
                    }
                    result = result with { Mode = DaemonMode.Convert, ConvertTo = target };
                    break;
                case "--format":
                    if (!TryValue(args, ref i, out var inputFormat, out error)) { return null; }
                    if (!TryParseFormat(inputFormat, out var source))
                    {
                        error = $"--format takes yaml or keepalived, not '{inputFormat}'";
                        return null;
                    }
                    result = result with { InputFormat = source };
                    break;
                default:
                    if (arg.StartsWith("--signum=", StringComparison.Ordinal))
                    {
                        return result with { Mode = DaemonMode.SignalNumber, SignalName = arg["--signum=".Length..] };
                    }
                    if (arg.StartsWith("--config=", StringComparison.Ordinal))
                    {
                        result = result with { ConfigPath = arg["--config=".Length..] };
                        break;
                    }
                    error = $"unknown option '{arg}'";
                    return null;
            }
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

    private static bool TryValue(IReadOnlyList<string> args, ref int index, out string value, out string? error)
    {
        if (index + 1 >= args.Count)
        {
            value = string.Empty;
            error = $"{args[index]} needs a value";
            return false;
        }
        value = args[++index];
        error = null;
        return true;
    }

    private static bool TryParseFormat(string text, out ConfigFormat format)
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
