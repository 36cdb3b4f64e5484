using System.Buffers;
using System.IO.Pipes;
using System.Text;
using HaVrrp.Engine.Control;

namespace HaVrrp.Engine.Tests.Control;

public sealed class JsonLineReaderTests
{
    [Fact]
    public async Task Lines_ComeOneByOne_WithoutTheirNewlines_AndNullAtTheEnd()
    {
        await using var reader = new JsonLineReader(new MemoryStream(Encoding.UTF8.GetBytes("{\"a\":1}\n{\"b\":2}\n")));

        Assert.Equal("{\"a\":1}", Text(await reader.ReadLineAsync(CancellationToken.None)));
        Assert.Equal("{\"b\":2}", Text(await reader.ReadLineAsync(CancellationToken.None)));
        Assert.Null(await reader.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ALineLargerThanOneRead_ArrivingInPieces_ComesWhole()
    {
        var large = "{\"x\":\"" + new string('v', 300_000) + "\"}";
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        await using var reader = new JsonLineReader(client);

        var writing = Task.Run(async () =>
        {
            var bytes = Encoding.UTF8.GetBytes(large + "\n{}\n");
            for (var offset = 0; offset < bytes.Length; offset += 7_000)
            {
                await server.WriteAsync(bytes.AsMemory(offset, Math.Min(7_000, bytes.Length - offset)));
                await server.FlushAsync();
            }
        });

        Assert.Equal(large, Text(await reader.ReadLineAsync(CancellationToken.None)));
        Assert.Equal("{}", Text(await reader.ReadLineAsync(CancellationToken.None)));
        await writing;
    }

    [Fact]
    public async Task AnUnfinishedLastLine_IsNotALine()
    {
        await using var reader = new JsonLineReader(new MemoryStream(Encoding.UTF8.GetBytes("{\"a\":1}\n{\"half\":")));

        Assert.NotNull(await reader.ReadLineAsync(CancellationToken.None));
        Assert.Null(await reader.ReadLineAsync(CancellationToken.None));
    }

    private static string? Text(ReadOnlySequence<byte>? line) => line is { } bytes ? Encoding.UTF8.GetString(bytes.ToArray()) : null;
}
