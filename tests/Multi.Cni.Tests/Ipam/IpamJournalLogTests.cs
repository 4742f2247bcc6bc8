using Multi.Cni.Ipam;

namespace Multi.Cni.Tests.Ipam;

/// <summary>The journal's append-only log: last line wins, removals, torn lines, concurrent appenders and compaction.</summary>
public sealed class IpamJournalLogTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "multi-journal-log-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string? LastOf(IpamJournalLog log, string key) =>
        IpamJournalLog.TryLast(log.ReadAll(), key, out var payload) ? System.Text.Encoding.UTF8.GetString(payload) : null;

    [Fact]
    public void Last_SeveralLinesPerKey_LastOneWinsAndRemovalHidesIt()
    {
        var log = new IpamJournalLog(directory, 0);
        log.Append("blue_a", "{\"n\":1}");
        log.Append("blue_ab", "{\"n\":2}");
        log.Append("blue_a", "{\"n\":3}");

        Assert.Equal("{\"n\":3}", LastOf(log, "blue_a"));
        Assert.Equal("{\"n\":2}", LastOf(log, "blue_ab"));
        Assert.Null(LastOf(log, "blue_b"));

        log.AppendRemoval("blue_a");

        Assert.Null(LastOf(log, "blue_a"));
        Assert.Equal([("blue_ab", "{\"n\":2}")], IpamJournalLog.Live(log.ReadAll()));
    }

    [Fact]
    public void Append_AfterATornLine_KeepsTheNewLine()
    {
        var log = new IpamJournalLog(directory, 0);
        log.Append("blue_a", "{\"n\":1}");
        File.AppendAllText(log.Path, "\nblue_b {\"n\":"); // a write cut short by a power loss

        log.Append("blue_c", "{\"n\":3}");

        Assert.Equal("{\"n\":3}", LastOf(log, "blue_c"));
        Assert.Equal("{\"n\":", LastOf(log, "blue_b"));
        Assert.Equal(["blue_a", "blue_b", "blue_c"], IpamJournalLog.Live(log.ReadAll()).Select(l => l.Key));
    }

    [Fact]
    public async Task Append_ManyWritersAcrossCompactions_NoLineLostOrMixed()
    {
        const int Writers = 8;
        const int PerWriter = 1500;
        var padding = new string('x', 150);

        // Each writer has its own log object (its own descriptors), as separate plugin processes do; the log passes the
        // compaction threshold several times during the run.
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            var log = new IpamJournalLog(directory, 0);
            for (var i = 0; i < PerWriter; i++)
            {
                log.Append($"p_w{w}-{i % 50}", $"{{\"w\":{w},\"i\":{i},\"pad\":\"{padding}\"}}");
                if (i % 3 == 0)
                {
                    log.AppendRemoval($"p_w{w}-{(i + 25) % 50}");
                }
            }
        }, TestContext.Current.CancellationToken)));

        var final = new IpamJournalLog(directory, 0);
        var bytes = final.ReadAll();
        var live = IpamJournalLog.Live(bytes).Sum(l => 2 + l.Key.Length + l.Payload.Length);
        Assert.Equal((byte)'#', bytes[0]); // compacted at least once
        Assert.Equal(["journal-00.log"], Directory.GetFiles(directory).Select(Path.GetFileName)); // every replaced file removed
        Assert.True(bytes.Length <= Math.Max(IpamJournalLog.CompactAtLeast, 2 * live) + 512, $"log of {bytes.Length} bytes for {live} live bytes");
        for (var w = 0; w < Writers; w++)
        {
            for (var k = 0; k < 50; k++)
            {
                Assert.Equal(Expected(w, k), LastOf(final, $"p_w{w}-{k}"));
            }
        }

        string? Expected(int w, int k)
        {
            // Replays one writer's sequence for key k: the last append or removal decides.
            string? state = null;
            for (var i = 0; i < PerWriter; i++)
            {
                if (i % 50 == k)
                {
                    state = $"{{\"w\":{w},\"i\":{i},\"pad\":\"{padding}\"}}";
                }

                if (i % 3 == 0 && (i + 25) % 50 == k)
                {
                    state = null;
                }
            }

            return state;
        }
    }

    [Fact]
    public async Task Read_WithoutLockWhileOthersAppendAndCompact_SeesEveryLineOfItsOwnKeyAppendedBeforeIt()
    {
        // Readers take no lock: an invocation must still see every line of its own attachment, all of which were appended
        // before it opened the log (the runtime serializes the operations of one container), while other attachments'
        // appends and compactions go on.
        var padding = new string('y', 200);
        using var stop = new CancellationTokenSource();
        var noise = Enumerable.Range(0, 4).Select(w => Task.Factory.StartNew(
            () =>
            {
                using var log = new IpamJournalLog(directory, 0);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    log.Append($"n_w{w}-{i % 40}", $"{{\"i\":{i},\"pad\":\"{padding}\"}}");
                }
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        try
        {
            // The owners start once the noise has compacted the log (its header), and read while it goes on compacting. Each
            // look is a new instance, as each invocation is: one keeps reading the file it opened, even once replaced.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!IsCompacted())
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the noise never compacted the log");
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }

            await Task.WhenAll(Enumerable.Range(0, 2).Select(o => Task.Run(() =>
            {
                for (var i = 0; i < 400; i++)
                {
                    using (var writer = new IpamJournalLog(directory, 0))
                    {
                        if (i % 5 == 4)
                        {
                            writer.AppendRemoval($"own_{o}");
                        }
                        else
                        {
                            writer.Append($"own_{o}", $"{{\"i\":{i}}}");
                        }
                    }

                    using var reader = new IpamJournalLog(directory, 0);
                    Assert.Equal(i % 5 == 4 ? null : $"{{\"i\":{i}}}", LastOf(reader, $"own_{o}"));
                }
            })));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(noise);
        }

        bool IsCompacted()
        {
            using var probe = new IpamJournalLog(directory, 0);
            return probe.ReadAll() is [(byte)'#', ..];
        }
    }

    [Fact]
    public void CompactIfLarge_StartedShard_KeepsSayingSo()
    {
        Directory.CreateDirectory(directory);
        Assert.True(IpamJournalLog.CreateStarted(directory, 0));
        Assert.False(IpamJournalLog.CreateStarted(directory, 0));
        using var log = new IpamJournalLog(directory, 0);
        var payload = new string('z', 300);
        for (var i = 0; i < 300; i++)
        {
            log.Append($"blue_{i % 7}", $"{{\"p\":\"{payload}\"}}");
        }

        var bytes = log.ReadAll();
        var header = System.Text.Encoding.UTF8.GetString(bytes.AsSpan(0, bytes.AsSpan().IndexOf((byte)'\n')));

        Assert.Matches(@"^#[1-9]\d* start$", header); // compacted, and still set up before any ADD
        Assert.True(IpamJournalLog.IsStarted(bytes));
        Assert.Equal(7, IpamJournalLog.Live(bytes).Count());
    }

    [Fact]
    public async Task Append_LogMarkedByACompactionThatDied_TakesTheMarkOffAndGoesOn()
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "journal-00.log");
        var payload = new string('m', 300);
        using (var first = new IpamJournalLog(directory, 0))
        {
            first.Append("blue_a", "{\"n\":1}");
        }

        // What a compaction leaves when it dies between marking the log and swapping the new one in.
        File.SetUnixFileMode(path, UnixFileMode.None);
        await Task.Run(
            () =>
            {
                using var next = new IpamJournalLog(directory, 0);
                next.Append("blue_a", "{\"n\":2}");
                Assert.Equal("{\"n\":2}", LastOf(next, "blue_a"));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

                // The same for a compaction that finds the mark: it takes it off and compacts.
                File.SetUnixFileMode(path, UnixFileMode.None);
                for (var i = 0; i < 200; i++)
                {
                    next.Append($"blue_{i % 5}", $"{{\"p\":\"{payload}\",\"i\":{i}}}");
                }

                Assert.Equal((byte)'#', File.ReadAllBytes(path)[0]);
                Assert.Equal($"{{\"p\":\"{payload}\",\"i\":199}}", LastOf(next, "blue_4"));
            },
            TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void CompactIfLarge_SmallLog_LeavesItAlone()
    {
        var log = new IpamJournalLog(directory, 0);
        log.Append("blue_a", "{}");
        log.AppendRemoval("blue_a");
        var before = log.ReadAll();

        log.CompactIfLarge();

        Assert.Equal(before, log.ReadAll());
    }
}
