using System.Globalization;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>
/// The IPv4 devconf sysctls of the daemon's network namespace, through /proc/sys/net/ipv4/conf/IF/ (per namespace:
/// the kernel answers for the namespace of the thread that opens the file).
/// </summary>
internal sealed class LinuxInterfaceSettings : IInterfaceSettings
{
    public bool PromotesSecondaries(string interfaceName) =>
        File.ReadAllText(PathOf(interfaceName)).Trim() != "0";

    public void SetPromoteSecondaries(string interfaceName, bool promote) =>
        File.WriteAllText(PathOf(interfaceName), (promote ? 1 : 0).ToString(CultureInfo.InvariantCulture));

    private static string PathOf(string interfaceName)
    {
        // An interface name never holds a slash, but a configuration might: it must not reach another file.
        if (interfaceName.Contains('/', StringComparison.Ordinal) || interfaceName is "." or "..")
        {
            throw new IOException($"'{interfaceName}' is not an interface name");
        }
        return $"/proc/sys/net/ipv4/conf/{interfaceName}/promote_secondaries";
    }
}
