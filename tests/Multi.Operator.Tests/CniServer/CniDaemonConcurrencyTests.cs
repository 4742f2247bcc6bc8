using System.Globalization;
using Multi.Core.Daemon;

namespace Multi.Operator.Tests.CniServer;

/// <summary>The gate through the socket: the queue bound, one container at a time, graceful shutdown.</summary>
public sealed class CniDaemonConcurrencyTests
{
    [Fact]
    public async Task Request_QueueFull_AnsweredUnavailable()
    {
        await using var daemon = new DaemonHarness(maxConcurrent: 1, maxQueued: 0);
        daemon.Start();
        var slow = DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("ADD", "c1", daemon.Config("slow"), daemon.BinDir));
        await daemon.WaitForLogAsync(lines => lines.Count > 0, "the slow delegate to start");

        var other = await DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("ADD", "c2", daemon.Config("fake"), daemon.BinDir));

        Assert.Equal(DaemonStatus.Unavailable, other.Status);
        Assert.Equal((DaemonStatus.Answered, 0), ((await slow).Status, (await slow).ExitCode));
        Assert.Equal(1, daemon.Sample(daemon.Metrics.Requests, "multi", "ADD", "unavailable"));
        Assert.DoesNotContain(daemon.LogLines(), l => l.Contains(" c2 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requests_SameContainerSerialised_OtherContainersConcurrent()
    {
        await using var daemon = new DaemonHarness(maxConcurrent: 4);
        daemon.Start();
        var config = daemon.Config("slow");

        await Task.WhenAll(
            DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("ADD", "c1", config, daemon.BinDir, "eth0")),
            DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("ADD", "c1", config, daemon.BinDir, "eth1")),
            DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("ADD", "c2", config, daemon.BinDir, "eth0")));

        var spans = Spans(daemon.LogLines());
        var c1 = spans.Where(s => s.Container == "c1").OrderBy(s => s.Start).ToList();
        var c2 = spans.Single(s => s.Container == "c2");
        Assert.Equal(2, c1.Count);
        Assert.True(c1[0].End <= c1[1].Start, $"c1's requests interleaved: {string.Join(", ", c1)}");
        Assert.True(c1.Exists(s => s.Start < c2.End && c2.Start < s.End), $"c2 did not run next to c1: {string.Join(", ", spans)}");
        Assert.Equal(0, daemon.Gate!.LockedContainers);
    }

    [Fact]
    public async Task Stop_InflightRequest_FinishesAndTheSocketIsRemoved()
    {
        await using var daemon = new DaemonHarness();
        daemon.Start();
        var slow = DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("ADD", "c1", daemon.Config("slow"), daemon.BinDir));
        await daemon.WaitForLogAsync(lines => lines.Count > 0, "the slow delegate to start");

        await daemon.StopAsync();

        var answer = await slow;
        Assert.Equal((DaemonStatus.Answered, 0), (answer.Status, answer.ExitCode));
        Assert.False(File.Exists(daemon.SocketPath), "the socket file is removed");
        Assert.False(daemon.Server!.Serving);
        Assert.Contains(daemon.LogLines(), l => l.Contains(" end ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_InflightBeyondTheShutdownTimeout_IsCancelledAndAnswered()
    {
        await using var daemon = new DaemonHarness(shutdownTimeout: TimeSpan.FromMilliseconds(100));
        daemon.Start();
        var slow = DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("ADD", "c1", daemon.Config("slow"), daemon.BinDir));
        await daemon.WaitForLogAsync(lines => lines.Count > 0, "the slow delegate to start");

        await daemon.StopAsync();

        var answer = await slow;
        Assert.Equal((DaemonStatus.Answered, 1), (answer.Status, answer.ExitCode));
        Assert.False(File.Exists(daemon.SocketPath));
    }

    private static List<Span> Spans(IReadOnlyList<string> lines)
    {
        var starts = new Dictionary<string, long>();
        var spans = new List<Span>();
        foreach (var parts in lines.Select(l => l.Split(' ')))
        {
            var key = parts[1] + "/" + parts[2];
            var at = long.Parse(parts[4], CultureInfo.InvariantCulture);
            if (parts[3] == "start")
            {
                starts[key] = at;
            }
            else
            {
                spans.Add(new Span(parts[1], parts[2], starts[key], at));
            }
        }

        return spans;
    }

    private sealed record Span(string Container, string IfName, long Start, long End);
}
