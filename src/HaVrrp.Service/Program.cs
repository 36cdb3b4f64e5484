using System.Reflection;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Platform.Linux.Adapters;
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
    Environment = HaVrrp.Engine.Configuration.Validation.ValidationEnvironment.ForThisHost(),
};

switch (commandLine.Mode)
{
    case DaemonMode.Help:
        Console.WriteLine(CommandLine.Usage);
        return ExitCodes.Success;
    case DaemonMode.Version:
        Console.WriteLine($"havrrpd {Assembly.GetExecutingAssembly().GetName().Version?.ToString(3)}");
        return ExitCodes.Success;
    case DaemonMode.Check:
        return CheckCommand.Run(commandLine, loadOptions, Console.Out);
    case DaemonMode.Convert:
        return ConvertCommand.Run(commandLine, loadOptions, Console.Out, Console.Error);
    case DaemonMode.Cleanup:
    {
        using var addresses = new LinuxAddressManager();
        return DaemonRunner.Cleanup(commandLine.ConfigPath ?? ConfigLoader.DefaultPath(), addresses, path => ConfigLoader.Load(path, loadOptions));
    }
    default:
        DaemonRunner.DefaultLoadOptions = loadOptions;
        return await DaemonRunner.RunAsync(
            commandLine.ConfigPath ?? ConfigLoader.DefaultPath(),
            (configuration, loggers) => LinuxEnginePorts.Create(configuration, loggers)).ConfigureAwait(false);
}
