using System.Globalization;
using HaVrrp.Engine.Runtime;

namespace HaVrrp.Engine.Platform.Linux.Adapters;

/// <summary>
/// The devconf sysctls of the daemon's network namespace, through /proc/sys/net/ipv4/conf/IF/ and
/// /proc/sys/net/ipv6/conf/IF/ (per namespace: the kernel answers for the namespace of the thread that opens the file).
/// </summary>
internal sealed class LinuxInterfaceSettings : IInterfaceSettings
{
    private const string IPv4Root = "/proc/sys/net/ipv4/conf";
    private const string IPv6Root = "/proc/sys/net/ipv6/conf";

    public bool PromotesSecondaries(string interfaceName) => ReadIPv4(interfaceName, "promote_secondaries") != 0;

    public void SetPromoteSecondaries(string interfaceName, bool promote) =>
        WriteIPv4(interfaceName, "promote_secondaries", promote ? 1 : 0);

    public int ReadIPv4(string interfaceName, string setting) =>
        int.Parse(File.ReadAllText(PathOf(IPv4Root, interfaceName, setting)).Trim(), CultureInfo.InvariantCulture);

    public void WriteIPv4(string interfaceName, string setting, int value) =>
        File.WriteAllText(PathOf(IPv4Root, interfaceName, setting), value.ToString(CultureInfo.InvariantCulture));

    public void WriteIPv6(string interfaceName, string setting, int value) =>
        File.WriteAllText(PathOf(IPv6Root, interfaceName, setting), value.ToString(CultureInfo.InvariantCulture));

    public IReadOnlyList<string> IPv4Interfaces() =>
        [.. Directory.GetDirectories(IPv4Root).Select(Path.GetFileName).OfType<string>().Where(name => name is not ("all" or "default"))];

    private static string PathOf(string root, string interfaceName, string setting)
    {
        // An interface name never holds a slash, but a configuration might: it must not reach another file.
        if (interfaceName.Contains('/', StringComparison.Ordinal) || interfaceName is "." or "..")
        {
            throw new IOException($"'{interfaceName}' is not an interface name");
        }
        return $"{root}/{interfaceName}/{setting}";
    }
}
