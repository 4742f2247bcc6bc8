using System.Text.Json.Nodes;
using Multi.Cli.Tests.Support;
using Multi.Core.Ipam;

namespace Multi.Cli.Tests;

public sealed class CheckCommandTests
{
    [Fact]
    public async Task Check_ConsistentCluster_Exit0()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        var owner = await cluster.CreatePodAsync("web", "Running", """[{"name":"default/blue","interface":"net1","ips":["10.1.0.5"]},{"name":"cbr0","ips":["172.16.0.4"]}]""");
        await cluster.CreateClaimAsync("blue", "10.1.0.5", owner);

        var table = await cluster.RunAsync("check");
        var json = await cluster.RunAsync("check", "-o", "json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Equal("No findings: 1 pools, 1 claims, 1 pods checked.", table.Stdout.Trim());
        Assert.Equal(0, json.ExitCode);
        Assert.Empty(json.Json.AsArray());
    }

    [Fact]
    public async Task Check_EveryKindOfFinding_OneLineEachExit3()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24", new JsonObject { ["gateway"] = "10.1.0.1", ["exclude"] = new JsonArray("10.1.0.200/29") });
        var live = await cluster.CreatePodAsync("live", "Running", """[{"name":"default/blue","interface":"net1","ips":["10.1.0.9/24","10.1.0.10"]}]""");
        var done = await cluster.CreatePodAsync("done", "Succeeded");
        var renamed = await cluster.CreatePodAsync("again", "Running");
        await cluster.CreateClaimAsync("blue", "10.1.0.9", live);
        await cluster.CreateClaimAsync("blue", "10.1.0.11", live);
        await cluster.CreateClaimAsync("blue", "10.1.0.20", CliCluster.Owner("gone", "uid-gone"));
        await cluster.CreateClaimAsync("blue", "10.1.0.21", done);
        await cluster.CreateClaimAsync("blue", "10.1.0.22", renamed with { PodUid = "uid-old" });
        await cluster.CreateClaimAsync("blue", "10.1.0.201", live with { Interface = "net9" });
        await cluster.CreateClaimAsync("red", "10.9.0.1", live with { Interface = "net8" });
        await cluster.CreateClaimAsync("blue", "10.1.0.23", CliCluster.Owner("anonymous", "") with { PodName = "" });
        await cluster.CreateClaimAsync("blue", "10.1.0.24", new IpAllocationOwner("", "", "", "", "", "node-a"), IpAllocationKinds.NodeReserved);

        var table = await cluster.RunAsync("check");
        var json = await cluster.RunAsync("check", "-o", "json");

        Assert.True(table.ExitCode == 3, table.ToString());
        var lines = table.Stdout.Trim().Split('\n');
        Assert.Contains("stale-claim: IPAllocation/blue.10.1.0.20: owner pod default/gone (UID uid-gone) is gone", lines);
        Assert.Contains("stale-claim: IPAllocation/blue.10.1.0.21: owner pod default/done has finished (Succeeded)", lines);
        Assert.Contains(lines, l => l.StartsWith("stale-claim: IPAllocation/blue.10.1.0.22: owner pod default/again was re-created with another UID", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("unidentified-owner: IPAllocation/blue.10.1.0.23: owner cannot be identified", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("blue.10.1.0.24", StringComparison.Ordinal));
        Assert.Contains("outside-pool: IPAllocation/blue.10.1.0.201: 10.1.0.201 is not allocatable in IP pool blue: excluded", lines);
        Assert.Contains("missing-pool: IPAllocation/red.10.9.0.1: IP pool red does not exist", lines);
        Assert.Contains("unclaimed-address: Pod/default/live: 10.1.0.10 (network default/blue) is in network-status but no IPAllocation holds it", lines);
        Assert.Contains(lines, l => l.StartsWith("duplicate-claims: Pod/default/live: attachment (uid ", StringComparison.Ordinal) && l.EndsWith("holds 2 addresses in IP pool blue: 10.1.0.11, 10.1.0.9", StringComparison.Ordinal));
        Assert.Equal(8, lines.Length);
        Assert.Equal(3, json.ExitCode);
        Assert.Equal(8, json.Json.AsArray().Count);
        Assert.Contains(json.Json.AsArray(), f => (string?)f!["kind"] == "missing-pool" && (string?)f["subject"] == "IPAllocation/red.10.9.0.1");
    }
}
