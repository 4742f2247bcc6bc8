using System.Text.Json.Nodes;
using Multi.Core.Cni;

namespace Multi.Cni.Tests.Ipam;

/// <summary>Static requests from IP in CNI_ARGS and args.cni.ips, through multi-ipam in-process against the embedded API server.</summary>
public sealed class IpamStaticRequestTests
{
    private static uint Code(JsonObject? json) => json?["code"]?.GetValue<uint>() ?? 0;

    private static string Msg(JsonObject? json) => json?["msg"]?.GetValue<string>() ?? "";

    private static string Address(JsonObject? result, int i = 0) => result!["ips"]![i]!["address"]!.GetValue<string>();

    private static string Spec(JsonObject claim, string key) => claim["spec"]![key]!.GetValue<string>();

    private static string OwnerContainer(JsonObject claim) => claim["spec"]!["owner"]!["containerId"]!.GetValue<string>();

    [Fact]
    public async Task Add_IpInCniArgs_GetsExactlyThoseAddressesAndTheirClaimsExist()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("v4", "10.1.0.0/24", s => s["gateway"] = "10.1.0.1");
        await cluster.CreatePoolAsync("v6", "2001:db8::/64");

        var (outcome, result) = await cluster.RunAsync("ADD", cluster.Config("v4", "v6"), cniArgs: IpamCluster.PodArgs("web") + ";IP=10.1.0.5/24,2001:db8::5");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        Assert.Equal(["10.1.0.5/24", "2001:db8::5/64"], new[] { Address(result, 0), Address(result, 1) });
        var v4 = Assert.Single(await cluster.ClaimsAsync("v4"));
        var v6 = Assert.Single(await cluster.ClaimsAsync("v6"));
        Assert.Equal(("v4.10.1.0.5", "10.1.0.5", "c1"), (v4["metadata"]!["name"]!.GetValue<string>(), Spec(v4, "address"), OwnerContainer(v4)));
        Assert.Equal(("2001:db8::5", "c1"), (Spec(v6, "address"), OwnerContainer(v6)));
    }

    [Fact]
    public async Task Add_RequestedAddress_ClaimIsStatic_AChosenOneIsDynamic()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");

        var (requested, _) = await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "a", cniArgs: IpamCluster.PodArgs("a") + ";IP=10.1.0.77");
        var (chosen, _) = await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "b", cniArgs: IpamCluster.PodArgs("b", "uid-2"));

        Assert.True(requested.ExitCode == 0 && chosen.ExitCode == 0, requested.Stdout + chosen.Stdout);
        var kinds = (await cluster.ClaimsAsync("blue")).ToDictionary(OwnerContainer, c => Spec(c, "kind"));
        Assert.Equal(("static", "dynamic"), (kinds["a"], kinds["b"]));
    }

    [Fact]
    public async Task Add_ArgsCniIpsOwnedByAnotherAttachment_Code121NamingTheOwnerAndNoClaimOfItsOwn()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "a", cniArgs: IpamCluster.PodArgs("a") + ";IP=10.1.0.77");
        var config = cluster.Config("blue");
        config["args"] = new JsonObject { ["cni"] = new JsonObject { ["ips"] = new JsonArray("10.1.0.77/24") } };

        var (outcome, error) = await cluster.RunAsync("ADD", config, containerId: "b", cniArgs: IpamCluster.PodArgs("b", "uid-2"));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(CniErrorCode.AddressOwned, Code(error));
        Assert.Contains("10.1.0.77 in pool blue is already allocated to default/a", Msg(error), StringComparison.Ordinal);
        var claim = Assert.Single(await cluster.ClaimsAsync("blue"));
        Assert.Equal(("10.1.0.77", "a"), (Spec(claim, "address"), OwnerContainer(claim)));
    }

    [Fact]
    public async Task Add_AllThreeSourcesDisagree_RuntimeConfigIpsIsTheWholeRequest()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("v4", "10.1.0.0/24");
        await cluster.CreatePoolAsync("v6", "2001:db8::/64");
        var config = cluster.Config("v4", "v6");
        config["runtimeConfig"] = new JsonObject { ["ips"] = new JsonArray("10.1.0.7") };
        config["args"] = new JsonObject { ["cni"] = new JsonObject { ["ips"] = new JsonArray("10.1.0.8", "2001:db8::8") } };

        var (outcome, result) = await cluster.RunAsync("ADD", config, cniArgs: IpamCluster.PodArgs("web") + ";IP=10.1.0.9,2001:db8::9");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        Assert.Equal("10.1.0.7/24", Address(result, 0));

        // The lower sources' IPv6 address is not merged in: the v6 pool allocates dynamically.
        Assert.DoesNotContain(Address(result, 1), new[] { "2001:db8::8/64", "2001:db8::9/64" });
        Assert.Equal(["10.1.0.7"], (await cluster.ClaimsAsync("v4")).Select(c => Spec(c, "address")));
    }

    [Fact]
    public async Task AddThenDel_MalformedIpInCniArgs_AddFails7CreatingNothingAndDelStillReleases()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        var bad = IpamCluster.PodArgs("web") + ";IP=10.1.0.5,10.1.0.6";

        var (_, error) = await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "bad", cniArgs: bad);
        var claimsAfterBadAdd = (await cluster.ClaimsAsync()).Count;
        await cluster.RunAsync("ADD", cluster.Config("blue"), cniArgs: IpamCluster.PodArgs("web"));
        var (del, _) = await cluster.RunAsync("DEL", cluster.Config("blue"), cniArgs: bad);

        Assert.Equal(CniErrorCode.InvalidNetworkConfig, Code(error));
        Assert.Contains("\"IP\" in CNI_ARGS requests two IPv4 addresses", Msg(error), StringComparison.Ordinal);
        Assert.Equal(0, claimsAfterBadAdd);
        Assert.Equal((0, ""), (del.ExitCode, del.Stdout));
        Assert.Empty(await cluster.ClaimsAsync());
    }
}
