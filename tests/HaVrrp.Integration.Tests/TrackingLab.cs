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

    /// <summary>Writes an executable script (/bin/sh unless told) and returns its path.</summary>
    public string Script(string name, string body, string interpreter = "/bin/sh")
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, "#!" + interpreter + "\n" + body + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
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

/// <summary>
/// Reads the lines a daemon writes to a notify FIFO. The FIFO is opened read-write, so the open never
/// blocks and the reader never sees end-of-file when the writer closes; Dispose writes one last line to
/// wake the blocked read.
/// </summary>
internal sealed class FifoReader : IDisposable
{
    private const string Sentinel = "END-OF-TEST";

    private readonly string _path;
    private readonly FileStream _stream;
    private readonly Task _reading;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public FifoReader(string path)
    {
        _path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 1);
        _reading = Task.Run(ReadAll);
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    private void ReadAll()
    {
        using var reader = new StreamReader(_stream, leaveOpen: true);
        while (reader.ReadLine() is { } line && line != Sentinel)
        {
            _lines.Enqueue(line);
        }
    }

    public void Dispose()
    {
        System.IO.File.AppendAllText(_path, Sentinel + "\n");
        _reading.Wait(TimeSpan.FromSeconds(10));
        _stream.Dispose();
    }
}
