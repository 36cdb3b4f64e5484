using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using HaVrrp.Engine.Configuration;

namespace HaVrrp.Service;

/// <summary>
/// havrrpd's options as System.CommandLine symbols, and the reading of its parse result into havrrpd's modes and
/// error messages. A plain <see cref="Command"/>, not a RootCommand: the usage text, the messages scripts and
/// tests rely on, and -h's output stay havrrpd's own (<see cref="CommandLine.Usage"/>).
/// </summary>
internal static class CommandLineSyntax
{
    public static readonly Option<bool> Check = new("--check", "-t");
    public static readonly Option<bool> Cleanup = new("--cleanup");
    public static readonly Option<bool> Status = new("--status");
    public static readonly Option<bool> Json = new("--json");
    public static readonly Option<bool> Help = new("--help", "-h");
    public static readonly Option<bool> Version = new("--version");
    public static readonly Option<string> SignalNumber = new("--signum");
    public static readonly Option<string> Config = new("--config", "-f", "--use-file");
    public static readonly Option<string> ConfigId = new("--config-id", "-i");
    public static readonly Option<string> Output = new("--output", "-o");
    public static readonly Option<string> Socket = new("--socket");

    public static readonly Option<IPEndPoint?> MetricsListen = new("--metrics-listen")
    {
        CustomParser = argument => OneValue(argument) is { } text
            ? MetricsSettings.ParseListen(text) ?? Reject<IPEndPoint>(
                argument, $"--metrics-listen takes an address and port such as 127.0.0.1:9650 or [::1]:9650, not '{text}'")
            : null,
    };

    public static readonly Option<ConfigFormat?> Convert = FormatOption("--convert");
    public static readonly Option<ConfigFormat?> Format = FormatOption("--format");

    private static readonly Command Havrrpd = new("havrrpd")
    {
        Check, Cleanup, Status, Json, Help, Version, SignalNumber, Config, ConfigId, Output, Socket, MetricsListen, Convert, Format,
    };

    /// <summary>No @file response files: a configuration path or an @ID may start with '@'.</summary>
    private static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null };

    public static ParseResult Parse(IReadOnlyList<string> args) => Havrrpd.Parse(args, Configuration);

    /// <summary>The first problem, in havrrpd's words; null when the arguments parsed.</summary>
    public static string? FirstError(ParseResult parsed)
    {
        if (parsed.UnmatchedTokens.Count > 0)
        {
            return $"unknown option '{parsed.UnmatchedTokens[0]}'";
        }
        if (parsed.Errors.Count == 0)
        {
            return null;
        }
        var first = parsed.Errors[0];
        return first.SymbolResult is OptionResult { Tokens.Count: 0 } option
            ? $"{option.IdentifierToken?.Value} needs a value"
            : first.Message;
    }

    /// <summary>
    /// What havrrpd is to do: -h, --version and --signum answer at once (the first of them given); otherwise the last
    /// of --check, --convert, --cleanup and --status, as the order of the arguments decided before.
    /// </summary>
    public static DaemonMode Mode(ParseResult parsed)
    {
        var mode = DaemonMode.Run;
        foreach (var token in parsed.Tokens.Where(token => token.Type == TokenType.Option))
        {
            if (Names(Help, token) || Names(Version, token) || Names(SignalNumber, token))
            {
                return Names(Help, token) ? DaemonMode.Help : Names(Version, token) ? DaemonMode.Version : DaemonMode.SignalNumber;
            }
            mode = Names(Check, token) ? DaemonMode.Check
                : Names(Convert, token) ? DaemonMode.Convert
                : Names(Cleanup, token) ? DaemonMode.Cleanup
                : Names(Status, token) ? DaemonMode.Status
                : mode;
        }
        return mode;
    }

    private static bool Names(Option option, Token token) => token.Value == option.Name || option.Aliases.Contains(token.Value);

    private static Option<ConfigFormat?> FormatOption(string name) => new(name)
    {
        CustomParser = argument => OneValue(argument) is { } text
            ? CommandLine.TryParseFormat(text, out var format) ? format : Reject<ConfigFormat?>(argument, $"{name} takes yaml or keepalived, not '{text}'")
            : null,
    };

    private static string? OneValue(ArgumentResult argument) => argument.Tokens.Count > 0 ? argument.Tokens[^1].Value : null;

    private static T? Reject<T>(ArgumentResult argument, string message)
    {
        argument.AddError(message);
        return default;
    }
}
