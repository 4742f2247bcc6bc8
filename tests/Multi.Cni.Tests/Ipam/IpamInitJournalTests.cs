using System.Diagnostics;
using Multi.Testing;

namespace Multi.Cni.Tests.Ipam;

/// <summary><c>multi-ipam init-journal [dir]</c>, the node-setup step that makes a node's journal complete from the start.</summary>
public sealed class IpamInitJournalTests
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        if (!IpamProcess.Exists)
        {
            Assert.Skip($"{IpamProcess.Binary} is missing (publish_cni in scripts/lib/prereqs.sh produces it)");
        }

        var start = new ProcessStartInfo(IpamProcess.Binary) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task InitJournal_FreshThenAgain_SetsUpOnceAndLeavesItAlone()
    {
        var directory = Path.Combine(Path.GetTempPath(), "multi-init-journal-" + Guid.NewGuid().ToString("N")[..8], "ipam");
        try
        {
            var first = await RunAsync("init-journal", directory);
            var marker = await File.ReadAllTextAsync(Path.Combine(directory, "journal"), TestContext.Current.CancellationToken);
            var shards = Directory.GetFiles(directory, "journal-*.log").Order(StringComparer.Ordinal).ToList();
            var headers = shards.Select(File.ReadAllText).Distinct().ToList();
            await File.AppendAllTextAsync(shards[3], "\nblue_x {}", TestContext.Current.CancellationToken);
            var second = await RunAsync("init-journal", directory);

            Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
            Assert.Contains("set up", first.Stdout, StringComparison.Ordinal);
            Assert.Equal("""{"since":"start"}""", marker);
            Assert.Equal(Enumerable.Range(0, 32).Select(i => Path.Combine(directory, $"journal-{i:00}.log")), shards);
            Assert.Equal(["#0 start"], headers); // every shard says it was there before any ADD
            Assert.Contains("already exists", second.Stdout, StringComparison.Ordinal);
            Assert.Equal("#0 start\nblue_x {}", await File.ReadAllTextAsync(shards[3], TestContext.Current.CancellationToken)); // left alone
        }
        finally
        {
            // A skip (no multi-ipam published) leaves nothing behind to delete.
            if (Directory.Exists(Path.GetDirectoryName(directory)))
            {
                Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("relative/dir", "must be an absolute path")]
    [InlineData("/a /b", "usage")]
    public async Task InitJournal_BadArguments_Exit2Explaining(string arguments, string expected)
    {
        var (exitCode, _, stderr) = await RunAsync(["init-journal", .. arguments.Split(' ')]);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_OnAJournalSetUpByInitJournal_NeedsNoList()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        Directory.Delete(cluster.JournalDir, recursive: true);
        var (exitCode, _, _) = await RunAsync("init-journal", cluster.JournalDir);

        var before = cluster.Requests;
        var (outcome, _) = await cluster.RunAsync("ADD", cluster.Config("blue"));

        Assert.Equal((0, 0), (exitCode, outcome.ExitCode));
        Assert.Equal(2, cluster.Requests - before); // GET pool, POST claim: no LIST, as the journal is complete from the start
    }
}
