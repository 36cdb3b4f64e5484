using System.Globalization;
using System.Net.NetworkInformation;

namespace HaVrrp.Engine.Configuration;

/// <summary>
/// keepalived's <c>use_vmac [NAME] [MAC]</c> (with <c>vmac_xmit_base</c>): the instance's VIPs live on a macvlan of
/// its interface that carries the RFC 5798 virtual MAC, so that a failover moves the MAC with the addresses
/// (docs/configuration.md "use_vmac").
/// </summary>
public sealed record VirtualMacConfig
{
    /// <summary>IFNAMSIZ less the terminating NUL: the longest interface name Linux takes.</summary>
    public const int MaxInterfaceNameLength = 15;

    /// <summary>The rtnetlink link kind (IFLA_INFO_KIND) of the link havrrpd creates.</summary>
    public const string LinkKind = "macvlan";

    /// <summary>
    /// NAME: the macvlan's name; null for keepalived's default, <c>vrrp.VRID</c> for either family. (keepalived
    /// moves on to <c>vrrp6.VRID</c>, <c>vrrp1.VRID</c>... when another instance has that name; havrrpd asks for a
    /// NAME then, HV0158.)
    /// </summary>
    public string? InterfaceName { get; init; }

    /// <summary>
    /// MAC, as written in lower case: six octets, or five that the VRID completes (keepalived's short form);
    /// null for the RFC 5798 address <c>00:00:5e:00:01:VRID</c> (IPv6 <c>00:00:5e:00:02:VRID</c>).
    /// </summary>
    public string? Address { get; init; }

    /// <summary>keepalived's <c>vmac_xmit_base</c>: adverts go out of the instance's own interface, not the macvlan.</summary>
    public bool TransmitOnBase { get; init; }

    /// <summary>The macvlan's name for an instance with this VRID and family.</summary>
    public string EffectiveInterfaceName(int virtualRouterId) =>
        InterfaceName ?? string.Create(CultureInfo.InvariantCulture, $"vrrp.{virtualRouterId}");

    /// <summary>The MAC the macvlan carries.</summary>
    public PhysicalAddress EffectiveAddress(int virtualRouterId, bool isIPv6)
    {
        if (Address is not null && VirtualMacAddress.TryParse(Address, out var octets))
        {
            if (octets.Length == 5)
            {
                octets = [.. octets, (byte)virtualRouterId];
            }
            return new PhysicalAddress(octets);
        }
        return VirtualMacAddress.Rfc5798(virtualRouterId, isIPv6);
    }
}

/// <summary>Parsing and the rules of a virtual MAC address as keepalived takes it.</summary>
public static class VirtualMacAddress
{
    /// <summary>RFC 5798 §7.3: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6.</summary>
    public static PhysicalAddress Rfc5798(int virtualRouterId, bool isIPv6) =>
        new([0x00, 0x00, 0x5e, 0x00, (byte)(isIPv6 ? 0x02 : 0x01), (byte)virtualRouterId]);

    /// <summary>Five or six colon-separated hex octets of one or two digits each.</summary>
    public static bool TryParse(string text, out byte[] octets)
    {
        ArgumentNullException.ThrowIfNull(text);
        octets = [];
        var parts = text.TrimEnd(':').Split(':');
        if (parts.Length is not (5 or 6) || (text.EndsWith(':') && parts.Length != 5))
        {
            return false;
        }
        var parsed = new byte[parts.Length];
        for (var index = 0; index < parts.Length; index++)
        {
            if (parts[index].Length is not (1 or 2) ||
                !byte.TryParse(parts[index], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out parsed[index]))
            {
                return false;
            }
        }
        octets = parsed;
        return true;
    }

    /// <summary>The written form, lower case with two digits per octet.</summary>
    public static string Format(byte[] octets) =>
        string.Join(':', octets.Select(octet => octet.ToString("x2", CultureInfo.InvariantCulture)));

    /// <summary>The group bit (the lowest bit of the first octet): a link cannot carry a multicast address.</summary>
    public static bool IsMulticast(byte[] octets) => octets.Length > 0 && (octets[0] & 0x01) != 0;

    /// <summary>keepalived refuses to be given an RFC 5798 address: it picks that one itself from the VRID.</summary>
    public static bool IsRfc5798(byte[] octets) =>
        octets.Length >= 5 && octets[0] == 0 && octets[1] == 0 && octets[2] == 0x5e && octets[3] == 0 && octets[4] is 0x01 or 0x02;

    /// <summary>The kernel's dev_valid_name: 1-15 bytes, not "." or "..", no '/', ':' or white space.</summary>
    public static bool IsValidInterfaceName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length > 0 &&
            System.Text.Encoding.UTF8.GetByteCount(name) <= VirtualMacConfig.MaxInterfaceNameLength &&
            name is not ("." or "..") &&
            !name.Any(character => character is '/' or ':' || char.IsWhiteSpace(character));
    }
}
