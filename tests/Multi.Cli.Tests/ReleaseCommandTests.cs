using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Cli.Tests.Support;
using Multi.Core.Ipam;

namespace Multi.Cli.Tests;

public sealed class ReleaseCommandTests
{
    [Fact]
    public async Task Release_LiveOwner_RefusedAndKept()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.CreateClaimAsync("blue", "10.1.0.5", await cluster.CreatePodAsync("web", "Running"));

        var run = await cluster.RunAsync("release", "blue", "10.1.0.5");

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("multictl: refusing to release 10.1.0.5: owner pod default/web is live", run.Stderr, StringComparison.Ordinal);
        Assert.True(await cluster.ClaimExistsAsync("blue", "10.1.0.5"));
    }

    [Fact]
    public async Task Release_UnidentifiedOwner_RefusedLikeALiveOneUnlessForced()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.CreateClaimAsync("blue", "10.1.0.5", CliCluster.Owner("web", ""));

        var refused = await cluster.RunAsync("release", "blue", "10.1.0.5");
        var kept = await cluster.ClaimExistsAsync("blue", "10.1.0.5");
        var forced = await cluster.RunAsync("release", "blue", "10.1.0.5", "--force", "--yes", "-o", "json");

        Assert.Equal(3, refused.ExitCode);
        Assert.Equal(
            "multictl: refusing to release 10.1.0.5: owner cannot be identified: the claim lacks a pod UID, namespace or name (pod \"default/web\", UID \"\"); use --force to release it anyway",
            refused.Stderr.Trim());
        Assert.True(kept);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal("Unidentified", (string?)forced.Json["ownerState"]);
        Assert.False(await cluster.ClaimExistsAsync("blue", "10.1.0.5"));
    }

    [Fact]
    public async Task Release_DeadOwner_Released()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.CreateClaimAsync("blue", "10.1.0.5", CliCluster.Owner("gone", "uid-gone"));
        await cluster.CreateClaimAsync("blue", "10.1.0.6", await cluster.CreatePodAsync("done", "Failed"));

        var table = await cluster.RunAsync("release", "blue", "10.1.0.5");
        var json = await cluster.RunAsync("release", "blue", "10.1.0.6", "-o", "json");
        var again = await cluster.RunAsync("release", "blue", "10.1.0.5");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Equal("released 10.1.0.5 in IP pool blue (IPAllocation/blue.10.1.0.5; owner pod default/gone (UID uid-gone) is gone)", table.Stdout.Trim());
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("Terminal", (string?)json.Json["ownerState"]);
        Assert.False(await cluster.ClaimExistsAsync("blue", "10.1.0.5"));
        Assert.False(await cluster.ClaimExistsAsync("blue", "10.1.0.6"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("nothing to release: no claim for 10.1.0.5 in IP pool blue", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseForce_LiveOwner_NeedsTheTypedAddressOrYes()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        var owner = await cluster.CreatePodAsync("web", "Running");
        await cluster.CreateClaimAsync("blue", "10.1.0.5", owner);
        await cluster.CreateClaimAsync("blue", "10.1.0.6", owner with { Interface = "net2" });
        await cluster.CreateClaimAsync("blue", "10.1.0.7", owner with { Interface = "net3" });

        var wrong = await cluster.RunConfirmedAsync("10.1.0.99\n", null, "release", "blue", "10.1.0.5", "--force");
        var typed = await cluster.RunConfirmedAsync("10.1.0.5\n", null, "release", "blue", "10.1.0.5", "--force");
        var yes = await cluster.RunAsync("release", "blue", "10.1.0.6", "--force", "--yes");

        Assert.Equal(3, wrong.ExitCode);
        Assert.Contains("not confirmed; 10.1.0.5 not released", wrong.Stderr, StringComparison.Ordinal);
        Assert.True(typed.ExitCode == 0, typed.ToString());
        Assert.True(yes.ExitCode == 0, yes.ToString());
        Assert.False(await cluster.ClaimExistsAsync("blue", "10.1.0.5"));
        Assert.False(await cluster.ClaimExistsAsync("blue", "10.1.0.6"));
        Assert.True(await cluster.ClaimExistsAsync("blue", "10.1.0.7"));
    }

    [Fact]
    public async Task ReleaseForce_ClaimChangedAfterRead_NotReleased()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.CreateClaimAsync("blue", "10.1.0.5", await cluster.CreatePodAsync("web", "Running"));
        var name = IpAllocationName.Format("blue", System.Net.IPAddress.Parse("10.1.0.5"));

        var run = await cluster.RunConfirmedAsync("10.1.0.5\n", ChangeClaim, "release", "blue", "10.1.0.5", "--force");

        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith($"multictl: IPAllocation/{name} changed since read; not released", run.Stderr.Trim(), StringComparison.Ordinal);
        Assert.True(await cluster.ClaimExistsAsync("blue", "10.1.0.5"));

        Task ChangeClaim() => cluster.Client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["touched"] = "yes" } } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            "multi.dev", "v1alpha1", "ipallocations", name, cancellationToken: TestContext.Current.CancellationToken);
    }
}
