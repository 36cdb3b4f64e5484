using System.Net.Sockets;
using HaVrrp.Service;
using Microsoft.Extensions.Hosting.Systemd;

namespace HaVrrp.Service.Tests;

/// <summary>
/// The messages havrrpd sends systemd. The datagrams themselves, and $NOTIFY_SOCKET's '@' for an abstract socket, are
/// the framework's SystemdNotifier's (docs/daemon.md, "What is the framework's and what is ours").
/// </summary>
public sealed class SystemdNotifyTests
{
    [Fact]
    public void Ready_SendsReadyWithStatus()
    {
        var systemd = new RecordingNotifier();
        var notify = new SystemdNotify(systemd);

        Assert.True(notify.Ready("2 instance(s) from /etc/havrrp/havrrp.yaml"));

        Assert.Equal(["READY=1\nSTATUS=2 instance(s) from /etc/havrrp/havrrp.yaml"], systemd.Sent);
    }

    [Fact]
    public void Reloading_CarriesMonotonicMicroseconds_AndStoppingIsSentAsIs()
    {
        var systemd = new RecordingNotifier();
        var notify = new SystemdNotify(systemd, monotonicMicroseconds: () => 123456789);

        notify.Reloading();
        notify.Stopping();
        notify.Status("line one\nline two");

        Assert.Equal(["RELOADING=1\nMONOTONIC_USEC=123456789", "STOPPING=1", "STATUS=line one line two"], systemd.Sent);
    }

    [Fact]
    public void NobodyListening_IsNotAnError()
    {
        var notify = new SystemdNotify(new RecordingNotifier { Failure = new SocketException((int)SocketError.ConnectionRefused) });

        Assert.False(notify.Ready());
    }

    private sealed class RecordingNotifier : ISystemdNotifier
    {
        public List<string> Sent { get; } = [];

        public SocketException? Failure { get; init; }

        public bool IsEnabled => true;

        public void Notify(ServiceState state)
        {
            if (Failure is not null)
            {
                throw Failure;
            }
            Sent.Add(state.ToString());
        }
    }
}
