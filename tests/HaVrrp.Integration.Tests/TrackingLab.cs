using System.Globalization;
using System.Net;
using System.Text;
using HaVrrp.TestSupport.Lab;

namespace HaVrrp.Integration.Tests;

/// <summary>
/// What the tracking end-to-end tests share: keepalived.conf text for one node, and a scratch directory
/// for the check scripts, flag files and notify output. keepalived.conf rather than the model, because
/// the tests read like the configurations operators write.
/// </summary>
internal static class TrackingLab
{
    public const int VirtualRouterId = 51;

    public static IPAddress VirtualAddress(NetworkLab lab, int last = 200) => IPAddress.Parse($"{lab.IPv4Prefix}.{last.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// One node's keepalived.conf: global_defs, the given vrrp_script blocks, one instance VI_1 (VRID 51,
    /// advert_int 1, state BACKUP) with <paramref name="instanceExtra"/> inside it.
    /// </summary>
    public static string Configuration(NetworkLab lab, LabNode node, int priority, string scripts, string instanceExtra, string globalExtra = "") =>
        $$"""
        global_defs {
            router_id {{node.Name}}
        {{globalExtra}}
        }
        {{scripts}}
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id {{VirtualRouterId}}
            priority {{priority}}
            advert_int 1
            virtual_ipaddress {
                {{VirtualAddress(lab)}}/24
            }
        {{instanceExtra}}
        }
        """;
}

/// <summary>A root-only scratch directory for scripts and the files they look at; removed on Dispose.</summary>
internal sealed class ScriptDirectory : IDisposable
{
    public ScriptDirectory() => Path = Directory.CreateTempSubdirectory("havrrp-tracking-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes an executable /bin/sh script and returns its path.</summary>
    public string Script(string name, string body)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, "#!/bin/sh\n" + body + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        // Only root (the daemon) may run or change it: enable_script_security would refuse anything laxer.
        if (OperatingSystem.IsLinux())
        {
            System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    public void Touch(string name) => System.IO.File.WriteAllText(File(name), "ok");

    public void Remove(string name) => System.IO.File.Delete(File(name));

    public IReadOnlyList<string> Lines(string name) =>
        System.IO.File.Exists(File(name)) ? System.IO.File.ReadAllLines(File(name)) : [];

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
