using HaVrrp.Engine.Configuration;
using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>
/// keepalived's <c>promote_secondaries</c>: without it, removing an interface's primary IPv4 address removes every
/// secondary address of the same subnet with it, VIPs included. Turned on at start (and on reload, for instances
/// that newly ask) on the interfaces whose instances ask and where it is off, and turned off again at a graceful
/// stop on the interfaces where havrrpd turned it on, as keepalived does. A failure is logged, never fatal. Called
/// from the engine loop only.
/// </summary>
public sealed partial class PromoteSecondaries(IInterfaceSettings settings, ILogger logger)
{
    private readonly HashSet<string> _turnedOn = new(StringComparer.Ordinal);

    public void Apply(HaVrrpConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var wanted = configuration.Instances
            .Where(instance => instance.PromoteSecondaries && !instance.IsIPv6 && instance.Interface is not null)
            // keepalived ignores it with use_vmac (HV0157): the macvlan promotes secondaries anyway.
            .Where(instance => instance.VirtualMac is null)
            .Select(instance => instance.Interface!)
            .Distinct(StringComparer.Ordinal);
        foreach (var interfaceName in wanted.Where(name => !_turnedOn.Contains(name)))
        {
            try
            {
                if (!settings.PromotesSecondaries(interfaceName))
                {
                    settings.SetPromoteSecondaries(interfaceName, true);
                    _turnedOn.Add(interfaceName);
                    LogChanged(logger, interfaceName, "on");
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                LogFailed(logger, interfaceName, exception.Message);
            }
        }
    }

    /// <summary>A graceful stop: what havrrpd turned on goes back off.</summary>
    public void Restore()
    {
        foreach (var interfaceName in _turnedOn)
        {
            try
            {
                settings.SetPromoteSecondaries(interfaceName, false);
                LogChanged(logger, interfaceName, "off");
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                LogFailed(logger, interfaceName, exception.Message);
            }
        }
        _turnedOn.Clear();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "promote_secondaries turned {State} on {InterfaceName}")]
    private static partial void LogChanged(ILogger logger, string interfaceName, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Can't set promote_secondaries on {InterfaceName} ({Reason})")]
    private static partial void LogFailed(ILogger logger, string interfaceName, string reason);
}
