using System.Management.Automation;

namespace HaVrrp.PowerShell;

/// <summary>Turns what the user typed (relative, ~, PSDrive paths) into a file-system path.</summary>
internal static class ProviderPaths
{
    public static string Resolve(PSCmdlet cmdlet, string path) =>
        cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
