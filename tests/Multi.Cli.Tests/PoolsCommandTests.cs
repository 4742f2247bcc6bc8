using System.Text.Json.Nodes;
using Multi.Cli.Tests.Support;
using Multi.Core.Ipam;
using Multi.Sandbox.ApiServer;

namespace Multi.Cli.Tests;

public sealed class PoolsCommandTests
{
    [Fact]
    public async Task Pools_TwoPoolsWithClaims_PrintsCapacityAllocatedNodeReservedFreeAndUsage()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.CreatePoolAsync("green", "10.2.0.0/29", new JsonObject { ["gateway"] = "10.2.0.1" });
        var owner = CliCluster.Owner("web", "uid-web");
        await cluster.CreateClaimAsync("green", "10.2.0.2", owner);
        await cluster.CreateClaimAsync("green", "10.2.0.3", owner with { Interface = "net2" });
        await cluster.CreateClaimAsync("green", "10.2.0.4", new IpAllocationOwner("", "", "", "", "", "node-a"), IpAllocationKinds.NodeReserved);

        var table = await cluster.RunAsync("pools");
        var json = await cluster.RunAsync("pools", "-o", "json");

        Assert.True(table.ExitCode == 0, table.ToString());
        var green = table.Stdout.Split('\n').Single(l => l.Contains("green", StringComparison.Ordinal));
        Assert.Matches(@"green\s+10\.2\.0\.0/29\s+5\s+3\s+1\s+2\s+█+░+ 60%", green);
        Assert.Matches(@"blue\s+10\.1\.0\.0/24\s+254\s+0\s+0\s+254", table.Stdout);
        Assert.Contains("NODE-RESERVED", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        var rows = json.Json.AsArray();
        Assert.Equal(["blue", "green"], rows.Select(r => (string?)r!["name"]));
        Assert.Equal("5", (string?)rows[1]!["capacity"]);
        Assert.Equal((3, 1), ((int?)rows[1]!["allocated"], (int?)rows[1]!["nodeReserved"]));
        Assert.Equal("2", (string?)rows[1]!["free"]);
    }

    [Fact]
    public async Task Pools_ManyClaims_CountsEveryPage()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("wide", "10.3.0.0/22");
        var owner = CliCluster.Owner("bulk", "uid-bulk");
        await Task.WhenAll(Enumerable.Range(0, 505).Select(i => cluster.CreateClaimAsync("wide", $"10.3.{(i + 1) / 256}.{(i + 1) % 256}", owner with { Interface = $"net{i}" })));

        var yaml = await cluster.RunAsync("pools", "-o", "yaml");

        Assert.True(yaml.ExitCode == 0, yaml.ToString());
        Assert.Contains("allocated: 505", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("nodeReserved: 0", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("free: \"517\"", yaml.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pools_ApiUnreachable_OneLineErrorExit2()
    {
        string kubeconfig;
        await using (var cluster = await CliCluster.StartAsync())
        {
            kubeconfig = Path.Combine(Path.GetTempPath(), "multictl-gone-" + Guid.NewGuid().ToString("N")[..8]);
            File.Copy(cluster.Kubeconfig, kubeconfig);
        }

        var run = await Multictl.RunAsync(["pools", "--kubeconfig", kubeconfig]);
        File.Delete(kubeconfig);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("multictl: cannot list IP pools: the API server is unreachable", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Pools_Forbidden_NamesWhatAndWhyExit2()
    {
        var forbidden = ApiFault.Status(403, "Forbidden", "ippools.multi.dev is forbidden: User \"viewer\" cannot list resource \"ippools\"");
        await using var cluster = await CliCluster.StartAsync(new EmbeddedApiServerOptions
        {
            Faults = request => request.Method == "GET" && request.Path.EndsWith("/ippools", StringComparison.Ordinal) ? forbidden : null,
        });

        var run = await cluster.RunAsync("pools");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "multictl: cannot list IP pools: forbidden by the API server (ippools.multi.dev is forbidden: User \"viewer\" cannot list resource \"ippools\")",
            run.Stderr.Trim());
    }

    [Fact]
    public async Task Pools_UnknownOption_UsageErrorExit2()
    {
        var run = await Multictl.RunAsync(["pools", "--bogus"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'--bogus'", run.Stderr, StringComparison.Ordinal);
    }
}
