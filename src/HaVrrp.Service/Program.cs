using System.Reflection;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Platform.Linux.Adapters;
using HaVrrp.Engine.Platform.Linux.Firewall;
using HaVrrp.Service;

var commandLine = CommandLine.Parse(args, out var error);
if (commandLine is null)
{
    Console.Error.WriteLine($"havrrpd: {error}");
    Console.Error.WriteLine(CommandLine.Usage);
    return ExitCodes.Usage;
}

var loadOptions = new ConfigLoadOptions
{
    ConfigId = commandLine.ConfigId,
    Environment = LinuxValidationEnvironment.ForThisHost(),
};

switch (commandLine.Mode)
{
    case DaemonMode.Help:
        Console.WriteLine(CommandLine.Usage);
        return ExitCodes.Success;
    case DaemonMode.SignalNumber:
        if (KeepalivedSignals.Number(commandLine.SignalName ?? string.Empty) is { } number)
        {
            Console.WriteLine(number);
            return ExitCodes.Success;
        }
        // keepalived's words, so that scripts written for it read the same failure.
        Console.Error.WriteLine($"Unknown sigfunc {commandLine.SignalName}");
        return ExitCodes.Usage;
    case DaemonMode.Version:
        Console.WriteLine($"havrrpd {Assembly.GetExecutingAssembly().GetName().Version?.ToString(3)}");
        return ExitCodes.Success;
    case DaemonMode.Check:
        return CheckCommand.Run(commandLine, loadOptions, Console.Out);
    case DaemonMode.Convert:
        return ConvertCommand.Run(commandLine, loadOptions, Console.Out, Console.Error);
    case DaemonMode.Status:
        return await StatusCommand.RunAsync(commandLine, Console.Out, Console.Error).ConfigureAwait(false);
    case DaemonMode.Cleanup:
    {
        using var addresses = new LinuxAddressManager();
        using var virtualMacs = new LinuxVirtualMacLinks();
        return DaemonRunner.Cleanup(DaemonConfigPath(), addresses, new NftablesFirewall(), Load, virtualMacs);
    }
    default:
        return await DaemonRunner.RunAsync(
            DaemonConfigPath(),
            (configuration, loggers) => LinuxEnginePorts.Create(configuration, loggers),
            Load,
            commandLine.SocketPath,
            metricsListen: commandLine.MetricsListen).ConfigureAwait(false);
}

string DaemonConfigPath() => commandLine.ConfigPath ?? ConfigLoader.DefaultPath();

ConfigLoadResult Load(string path) => ConfigLoader.Load(path, loadOptions);
