using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Multi.Core.Daemon;

namespace Multi.MetaPlugin.Tests.Shim;

/// <summary>
/// The daemon is an accelerator, never a single point of failure: whenever it cannot answer, the shim runs the request
/// in-process (proven by the in-process parser's error) and says why in exactly one stderr line.
/// </summary>
public sealed class ShimFallbackTests
{
    private static readonly DaemonResponse Answer = new(DaemonStatus.Answered, 0, """{"from":"daemon"}"""u8.ToArray(), []);

    [Fact]
    public async Task SocketMissing_RunsInProcess()
    {
        using var run = new ShimRun();

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        run.AssertMultiInProcess(result, "no socket at that path");
    }

    [Fact]
    public async Task MultiIpam_SocketMissing_RunsInProcess()
    {
        using var run = new ShimRun();

        var result = await ShimRun.IpamAsync(run.IpamConfig);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(ShimRun.IpamInProcessError, result.Stdout, StringComparison.Ordinal);
        Assert.Equal($"multi: daemon {run.SocketPath} not used (no socket at that path); running in-process", Assert.Single(ShimRun.FallbackLines(result)));
    }

    [Fact]
    public async Task SocketFilePresentNobodyListening_RunsInProcess()
    {
        using var run = new ShimRun();
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            // The file of a socket nobody listens on, as a killed daemon leaves it (.NET unlinks the path it bound on
            // Dispose, so the file is moved to its place first).
            var bound = run.SocketPath + ".bound";
            stale.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, run.SocketPath);
        }

        Assert.True(File.Exists(run.SocketPath));

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        run.AssertMultiInProcess(result, "connection refused: nobody is listening");
    }

    [Fact]
    public async Task DaemonNeverAnswers_RunsInProcessAfterTheDelegateTimeoutPlusTwoSeconds()
    {
        using var run = new ShimRun();
        await using var daemon = FakeDaemon.Start(run.SocketPath, async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return null;
        });
        var watch = Stopwatch.StartNew();

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        watch.Stop();
        run.AssertMultiInProcess(result, "no answer within 3 s");
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(10));
        Assert.Single(daemon.Requests);
    }

    [Fact]
    public async Task OtherProtocolVersionInTheAnswerHeader_RunsInProcess()
    {
        using var run = new ShimRun();
        var frame = DaemonProtocol.EncodeResponse(Answer);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), 2);
        await using var daemon = FakeDaemon.Start(run.SocketPath, frame);

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        run.AssertMultiInProcess(result, "the daemon speaks protocol version 2, this shim 1");
    }

    [Theory]
    [InlineData(DaemonStatus.VersionMismatch, "the daemon speaks another protocol version")]
    [InlineData(DaemonStatus.Unavailable, "the daemon is busy or shutting down")]
    [InlineData((DaemonStatus)9, "unknown answer status 9")]
    public async Task FallbackStatus_RunsInProcess(DaemonStatus status, string reason)
    {
        using var run = new ShimRun();
        await using var daemon = FakeDaemon.Start(run.SocketPath, Answer with { Status = status });

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        run.AssertMultiInProcess(result, reason);
        Assert.Equal(1, daemon.Connections);
    }

    [Fact]
    public async Task ConnectionClosedAfterTheRequestWithoutAnAnswer_RunsInProcess()
    {
        using var run = new ShimRun();
        await using var daemon = FakeDaemon.Start(run.SocketPath, (_, _) => Task.FromResult<byte[]?>(null));

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        run.AssertMultiInProcess(result, "the daemon closed the connection without answering");
        Assert.Single(daemon.Requests);
        daemon.AssertNoFailure();
    }

    [Fact]
    public async Task ConnectionClosedInTheMiddleOfTheAnswer_RunsInProcess()
    {
        using var run = new ShimRun();
        var frame = DaemonProtocol.EncodeResponse(Answer);
        await using var daemon = FakeDaemon.Start(run.SocketPath, frame[..^3]);

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        run.AssertMultiInProcess(result, "the daemon closed the connection in the middle of its answer");
    }

    [Fact]
    public async Task MalformedBody_RunsInProcess()
    {
        using var run = new ShimRun();
        var frame = DaemonProtocol.EncodeResponse(Answer);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(DaemonProtocol.HeaderBytes + 4), 1000); // stdout longer than the body
        await using var daemon = FakeDaemon.Start(run.SocketPath, frame);

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        run.AssertMultiInProcess(result, "the daemon's answer is malformed");
    }

    [Theory]
    [InlineData(DaemonProtocol.MaxResponseBodyBytes + 1)]
    [InlineData(-1)]
    public async Task BodyLengthOutOfBounds_RunsInProcessWithoutReadingIt(int length)
    {
        using var run = new ShimRun();
        var frame = DaemonProtocol.EncodeResponse(Answer);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), length);
        await using var daemon = FakeDaemon.Start(run.SocketPath, frame);

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        run.AssertMultiInProcess(result, $"the answer's body of {length} bytes is out of bounds");
    }

    [Fact]
    public async Task BadMagic_RunsInProcess()
    {
        using var run = new ShimRun();
        var frame = DaemonProtocol.EncodeResponse(Answer);
        BinaryPrimitives.WriteUInt32LittleEndian(frame, DaemonProtocol.RequestMagic);
        await using var daemon = FakeDaemon.Start(run.SocketPath, frame);

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        run.AssertMultiInProcess(result, "the answer is not a multi daemon answer (bad magic)");
    }
}
