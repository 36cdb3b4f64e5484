using System.Net.Sockets;
using System.Text;
using HaVrrp.Service;

namespace HaVrrp.Service.Tests;

/// <summary>Proves the datagrams against a real Unix datagram socket, as systemd's would receive them.</summary>
public sealed class SystemdNotifyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("havrrp-notify-").FullName;

    [Fact]
    public void Ready_SendsReadyWithStatus_ToAPathSocket()
    {
        var path = Path.Combine(_directory, "notify.sock");
        using var systemd = Bind(path);
        using var notify = new SystemdNotify(path);

        Assert.True(notify.Ready("2 instance(s) from /etc/havrrp/havrrp.yaml"));

        Assert.Equal("READY=1\nSTATUS=2 instance(s) from /etc/havrrp/havrrp.yaml", Receive(systemd));
    }

    [Fact]
    public void Reloading_CarriesMonotonicMicroseconds_AndStoppingIsSentAsIs()
    {
        var path = Path.Combine(_directory, "notify.sock");
        using var systemd = Bind(path);
        using var notify = new SystemdNotify(path, monotonicMicroseconds: () => 123456789);

        notify.Reloading();
        notify.Stopping();
        notify.Status("line one\nline two");

        Assert.Equal("RELOADING=1\nMONOTONIC_USEC=123456789", Receive(systemd));
        Assert.Equal("STOPPING=1", Receive(systemd));
        Assert.Equal("STATUS=line one line two", Receive(systemd));
    }

    [Fact]
    public void LeadingAt_MeansAnAbstractSocket()
    {
        var name = "havrrp-test-" + Guid.NewGuid().ToString("N");
        using var systemd = Bind("\0" + name);
        using var notify = new SystemdNotify("@" + name);

        Assert.True(notify.Ready());

        Assert.Equal("READY=1", Receive(systemd));
    }

    [Fact]
    public void NobodyListening_IsNotAnError()
    {
        using var notify = new SystemdNotify(Path.Combine(_directory, "absent.sock"));

        Assert.False(notify.Ready());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Socket Bind(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 10_000;
        return socket;
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        var length = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
