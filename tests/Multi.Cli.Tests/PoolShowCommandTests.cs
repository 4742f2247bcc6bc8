using System.Text.Json.Nodes;
using Multi.Cli.Tests.Support;

namespace Multi.Cli.Tests;

public sealed class PoolShowCommandTests
{
    [Fact]
    public async Task PoolShow_ClaimsAndExclusions_PrintsFreeRangesAndClaims()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("lab", "10.4.0.0/28", new JsonObject { ["gateway"] = "10.4.0.1", ["exclude"] = new JsonArray("10.4.0.10") });
        var owner = CliCluster.Owner("web", "uid-web");
        await cluster.CreateClaimAsync("lab", "10.4.0.3", owner);
        await cluster.CreateClaimAsync("lab", "10.4.0.5", owner with { Interface = "net2" });

        var table = await cluster.RunAsync("pool", "show", "lab");
        var json = await cluster.RunAsync("pool", "show", "lab", "-o", "json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"Capacity:\s+12", table.Stdout);
        Assert.Matches(@"Free:\s+10", table.Stdout);
        Assert.Matches(@"10\.4\.0\.6\s+10\.4\.0\.9\s+4", table.Stdout);
        Assert.Matches(@"10\.4\.0\.3\s+default/web\s+node-a\s+c0ffee012345\s+net1\s+\d+s", table.Stdout);
        Assert.Equal(0, json.ExitCode);
        var ranges = json.Json["freeRanges"]!.AsArray().Select(r => $"{r!["start"]}-{r["end"]}");
        Assert.Equal(["10.4.0.2-10.4.0.2", "10.4.0.4-10.4.0.4", "10.4.0.6-10.4.0.9", "10.4.0.11-10.4.0.14"], ranges);
        Assert.Equal(["10.4.0.3", "10.4.0.5"], json.Json["claims"]!.AsArray().Select(c => (string?)c!["address"]));
    }

    [Fact]
    public async Task PoolShowFree_SmallPool_ListsEveryFreeAddress()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("tiny", "10.6.0.0/29");
        await cluster.CreateClaimAsync("tiny", "10.6.0.2", CliCluster.Owner("web", "uid-web"));

        var run = await cluster.RunAsync("pool", "show", "tiny", "--free");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["10.6.0.1", "10.6.0.3", "10.6.0.4", "10.6.0.5", "10.6.0.6"], run.Stdout.Trim().Split('\n'));
    }

    [Fact]
    public async Task PoolShowFree_LargePool_RefusedUnlessLimited()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("big", "10.0.0.0/8");

        var refused = await cluster.RunAsync("pool", "show", "big", "--free");
        var limited = await cluster.RunAsync("pool", "show", "big", "--free", "--limit", "3", "-o", "json");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("IP pool big has 16777214 free addresses, more than 65,536; add --limit N", refused.Stderr, StringComparison.Ordinal);
        Assert.True(limited.ExitCode == 0, limited.ToString());
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], limited.Json.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public async Task PoolShow_UnknownPool_NotFoundExit2()
    {
        await using var cluster = await CliCluster.StartAsync();

        var run = await cluster.RunAsync("pool", "show", "nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("multictl: IP pool nope not found", run.Stderr.Trim());
    }
}
