using Microsoft.Extensions.Logging;

namespace HaVrrp.Engine.Runtime;

/// <summary>How an instance calls a port: a failure is logged and the loop goes on.</summary>
internal static class PortCall
{
    public static void Try(ILogger logger, string instanceName, string operation, Action action)
    {
        try
        {
            action();
        }
#pragma warning disable CA1031 // A failing port (netlink error, script runner) must never stop the loop that keeps the other instances alive.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            EngineLog.PortFailed(logger, instanceName, operation, exception.Message);
        }
    }
}
