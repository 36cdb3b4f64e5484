using System.Globalization;
using System.Net;
using HaVrrp.Prober;

// havrrp-prober ADDRESS INTERFACE INTERVAL_MS ANSWER_TIMEOUT_MS
// Pings ADDRESS every INTERVAL_MS until standard input closes, then waits ANSWER_TIMEOUT_MS for late
// replies and exits. Writes one line per event to standard output (the record ClientProbe reads):
//   ready                          (warmed up; probing starts now)
//   sent SEQUENCE MICROSECONDS
//   answered SEQUENCE MICROSECONDS MAC
//   done
// Times are microseconds on the prober's own monotonic clock, taken on its own threads.
if (args.Length != 4 ||
    !IPAddress.TryParse(args[0], out var address) ||
    !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var intervalMilliseconds) ||
    !int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var answerTimeoutMilliseconds))
{
    await Console.Error.WriteLineAsync("usage: havrrp-prober ADDRESS INTERFACE INTERVAL_MS ANSWER_TIMEOUT_MS");
    return 2;
}

SchedulingWeight.RaiseOwnGroup();
using var prober = EchoProber.Open(address, args[1]);
prober.WarmUp();
await Console.Out.WriteLineAsync("ready");
prober.Start(TimeSpan.FromMilliseconds(intervalMilliseconds));
var stdinClosed = Task.Run(() =>
{
    while (Console.In.ReadLine() is not null)
    {
    }
});
var writing = prober.WriteRecordAsync(Console.Out);
await stdinClosed;
prober.StopSending();
await Task.Delay(answerTimeoutMilliseconds);
prober.StopReceiving();
await writing;
await Console.Out.WriteLineAsync("done");
await Console.Out.FlushAsync();
return 0;
