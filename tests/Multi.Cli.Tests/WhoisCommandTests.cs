using Multi.Cli.Tests.Support;

namespace Multi.Cli.Tests;

public sealed class WhoisCommandTests
{
    [Fact]
    public async Task Whois_ClaimedAddress_PrintsOwner()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.CreatePoolAsync("v6", "2001:db8:1::/64");
        await cluster.CreateClaimAsync("blue", "10.1.0.7", CliCluster.Owner("web", "uid-web"));
        await cluster.CreateClaimAsync("v6", "2001:db8:1::7", CliCluster.Owner("web", "uid-web"));

        var table = await cluster.RunAsync("whois", "10.1.0.7");
        var json = await cluster.RunAsync("whois", "2001:db8:1::7", "--pool", "v6", "-o", "json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"Pod:\s+default/web \(uid uid-web\)", table.Stdout);
        Assert.Matches(@"Node:\s+node-a", table.Stdout);
        Assert.Matches(@"Container:\s+c0ffee012345 *\n", table.Stdout);
        Assert.Matches(@"Interface:\s+net1", table.Stdout);
        Assert.True(json.ExitCode == 0, json.ToString());
        var holder = Assert.Single(json.Json.AsArray());
        Assert.Equal("v6.20010db8000100000000000000000007", (string?)holder!["name"]);
        Assert.Equal("web", (string?)holder["podName"]);
    }

    [Fact]
    public async Task Whois_FreeAddress_Exit1()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");

        var free = await cluster.RunAsync("whois", "10.1.0.8");
        var outside = await cluster.RunAsync("whois", "192.168.9.9");
        var bad = await cluster.RunAsync("whois", "not-an-ip");

        Assert.Equal(1, free.ExitCode);
        Assert.Equal("multictl: nobody holds 10.1.0.8: 10.1.0.8 is free in blue", free.Stderr.Trim());
        Assert.Equal(1, outside.ExitCode);
        Assert.Equal("multictl: nobody holds 192.168.9.9: no IP pool contains 192.168.9.9", outside.Stderr.Trim());
        Assert.Equal(2, bad.ExitCode);
    }
}
