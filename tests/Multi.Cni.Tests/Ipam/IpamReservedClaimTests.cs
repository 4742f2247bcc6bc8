using System.Net;
using System.Text.Json.Nodes;
using Multi.Cni.Ipam;
using Multi.Core.Ipam;

namespace Multi.Cni.Tests.Ipam;

/// <summary>The store's node-reserved claim calls against the embedded API server, and how GC treats reserved and bound claims.</summary>
public sealed class IpamReservedClaimTests
{
    private static readonly IpAllocationOwner Owner = new("default", "web", "uid-1", "c1", "net1", "node-a");

    private static IpCandidate Candidate(string address) =>
        new(IPAddress.Parse(address), address, 24, IpAllocationName.Format("blue", IPAddress.Parse(address)), TimeSpan.Zero, Preferred: false);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryBind_ReservedClaim_BindsOnceAndAStaleVersionOnlyFindsItsOwnBind()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        var store = new IpamStore(cluster.Client);

        var reserved = (await store.TryReserveAsync("blue", Candidate("10.1.0.50"), "node-a", Ct))!;
        var taken = await store.TryReserveAsync("blue", Candidate("10.1.0.50"), "node-a", Ct);
        var listed = await store.ReservedAsync("node-a", Ct);
        var bound = await store.TryBindAsync(reserved, Owner, DateTimeOffset.UtcNow, Ct);
        var again = await store.TryBindAsync(reserved, Owner, DateTimeOffset.UtcNow, Ct);
        var other = await store.TryBindAsync(reserved, Owner with { ContainerId = "c2" }, DateTimeOffset.UtcNow, Ct);

        Assert.Equal((IpAllocationKinds.NodeReserved, "node-a", ""), (reserved.Kind, reserved.Owner.Node, reserved.Owner.ContainerId));
        Assert.NotNull(reserved.ResourceVersion);
        Assert.Null(taken);
        Assert.Equal([reserved.Name], listed.Select(c => c.Name));
        Assert.Equal((IpAllocationKinds.Dynamic, Owner, reserved.Uid), (bound!.Kind, bound.Owner, bound.Uid));
        Assert.NotEqual(reserved.ResourceVersion, bound.ResourceVersion);
        Assert.Equal(bound.ResourceVersion, again!.ResourceVersion); // a retried bind whose answer was lost: its own claim
        Assert.Null(other); // a conflict for anyone else: never a second owner
        Assert.Empty(await store.ReservedAsync("node-a", Ct));
        Assert.Equal([bound.Name], (await store.OwnedAsync("blue", "c1", "net1", Ct)).Select(c => c.Name));
        Assert.False(await store.ReturnAsync(reserved, Ct)); // changed since: a return leaves it alone
        Assert.Single(await cluster.ClaimsAsync("blue"));
    }

    [Fact]
    public async Task Gc_KeepsNodeReservedClaims_AndCountsGraceFromTheBinding()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        var store = new IpamStore(cluster.Client);
        await store.TryReserveAsync("blue", Candidate("10.1.0.60"), "node-a", Ct);
        var toBind = (await store.TryReserveAsync("blue", Candidate("10.1.0.61"), "node-a", Ct))!;
        await store.TryBindAsync(toBind, Owner with { ContainerId = "bound" }, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90), Ct);
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "stale");
        var gc = cluster.Config("blue");
        gc["cni.dev/valid-attachments"] = new JsonArray();

        await cluster.RunAsync("GC", gc, clock: new ShiftedClock(TimeSpan.FromMinutes(2)));
        var afterFirst = (await cluster.ClaimsAsync("blue")).Select(c => (string)c["spec"]!["address"]!).Order().ToList();
        await cluster.RunAsync("GC", gc, clock: new ShiftedClock(TimeSpan.FromMinutes(3)));
        var afterSecond = (await cluster.ClaimsAsync("blue")).Select(c => (string)c["spec"]!["address"]!).ToList();

        Assert.Equal(["10.1.0.60", "10.1.0.61"], afterFirst); // the stale claim went; the bound one is 30 s past its binding
        Assert.Equal(["10.1.0.60"], afterSecond);
    }
}
