using k8s;
using System.Text.Json.Nodes;
using Multi.Core.Ipam;
using Multi.Operator.Tests.CniServer.Kube;
using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.CniServer.Reservations;

/// <summary>
/// The daemon's node-reserved claims (ipam-requirements section 4) against the embedded API server over HTTP: the stock, the
/// one-update bind on ADD, the conflict fallback, refill, idle and shutdown return, and adoption after a restart.
/// </summary>
public sealed class NodeReservationTests
{
    private static string Kind(JsonObject claim) => (string)claim["spec"]!["kind"]!;

    private static string Address(JsonObject claim) => (string)claim["spec"]!["address"]!;

    private static string Name(JsonObject claim) => (string)claim["metadata"]!["name"]!;

    [Fact]
    public async Task Take_FirstAddInAPool_AllocatesAsUsualThenFillsTheStockToSize()
    {
        await using var world = await ReservationWorld.StartAsync();
        world.Run();

        var address = await world.AddAsync("c1");
        await world.StockAsync(16);

        var claims = await world.ClaimsAsync();
        var own = Assert.Single(claims, c => Address(c) == address);
        Assert.Equal(IpAllocationKinds.Dynamic, Kind(own));
        var reserved = await world.ReservedAsync();
        Assert.Equal(17, claims.Count);
        Assert.All(reserved, c =>
        {
            Assert.Equal(NodeApiWorld.NodeName, (string)c["metadata"]!["labels"]![IpAllocationJson.NodeLabel]!);
            Assert.Equal(ReservationWorld.Pool, (string)c["metadata"]!["labels"]![IpAllocationJson.PoolLabel]!);
            Assert.Null(c["metadata"]!["labels"]![IpAllocationJson.OwnerLabel]);
            Assert.Equal(NodeApiWorld.NodeName, (string)c["spec"]!["owner"]!["node"]!);
            Assert.Equal("", (string)c["spec"]!["owner"]!["containerId"]!);
        });
        Assert.Equal(16, reserved.Select(Address).Distinct().Count());
        Assert.Equal(16, await world.Api.MetricAsync("multi_daemon_ipam_reserved{pool=\"pool-a\"}"));
        var usage = await world.UsageAsync(); // reserved claims count as used
        Assert.Equal(("254", "17", "16", "237"), (usage.CapacityText, usage.Allocated.ToString(), usage.NodeReserved.ToString(), usage.FreeText));
    }

    [Fact]
    public async Task Add_WithStock_BindsAReservedClaimWithOneUpdate_ThatLooksLikeACreatedClaim()
    {
        await using var world = await ReservationWorld.StartAsync();
        world.Run();
        var first = await world.AddAsync("c1");
        await world.StockAsync(16);
        var reservedBefore = (await world.ReservedAsync()).Select(Address).ToHashSet();
        var mark = world.Api.Mark();

        var address = await world.AddAsync("c2");

        var sent = world.Api.RequestsSince(mark).Where(r => r.Path.StartsWith(ReservationWorld.ClaimsPath, StringComparison.Ordinal)).ToList();
        var bound = Assert.Single(sent);
        Assert.Equal("PATCH", bound.Method);
        Assert.Contains(address, reservedBefore);
        var claims = await world.ClaimsAsync();
        var created = claims.Single(c => Address(c) == first);
        var taken = claims.Single(c => Address(c) == address);
        Assert.Equal(Name(taken), bound.Path[(ReservationWorld.ClaimsPath.Length + 1)..]);
        Assert.Equal(IpAllocationKinds.Dynamic, Kind(taken));
        Assert.Equal(created["metadata"]!["labels"]!.AsObject().Select(l => l.Key).Order(), taken["metadata"]!["labels"]!.AsObject().Select(l => l.Key).Order());
        Assert.Equal(IpAllocationJson.OwnerKey("c2", "net1"), (string)taken["metadata"]!["labels"]![IpAllocationJson.OwnerLabel]!);
        var owner = taken["spec"]!["owner"]!;
        Assert.Equal(["apps", "pod-c2", "uid-c2", "c2", "net1", NodeApiWorld.NodeName], new[] { "podNamespace", "podName", "podUid", "containerId", "interface", "node" }.Select(k => (string)owner[k]!));
        Assert.NotNull(taken["metadata"]!["annotations"]![IpAllocationJson.BoundAtAnnotation]);
        Assert.Equal(15, world.Reservations!.Count(ReservationWorld.Pool));
        Assert.Equal(1, await world.Api.MetricAsync("multi_daemon_ipam_reservation_binds_total{pool=\"pool-a\",result=\"bound\"}"));
        var usage = await world.UsageAsync();
        Assert.Equal(("17", "15"), (usage.Allocated.ToString(), usage.NodeReserved.ToString()));

        // An ordinary claim for every other reader: a repeated ADD finds it, DEL releases it.
        Assert.Equal(address, await world.AddAsync("c2"));
        Assert.Equal(0, (await world.IpamAsync("DEL", "c2")).ExitCode);
        Assert.DoesNotContain(await world.ClaimsAsync(), c => Address(c) == address);
    }

    [Fact]
    public async Task Add_ReservedClaimsChangedBehindTheStock_FallsBackToACreateAndTakesThemBack()
    {
        await using var world = await ReservationWorld.StartAsync();
        world.Run();
        await world.AddAsync("c1");
        await world.StockAsync(16);
        foreach (var claim in await world.ReservedAsync())
        {
            var touch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["touched"] = "yes" } } };
            await world.Api.Client.CustomObjects.PatchClusterCustomObjectAsync(
                new k8s.Models.V1Patch(touch.ToJsonString(), k8s.Models.V1Patch.PatchType.MergePatch), "multi.dev", "v1alpha1", "ipallocations", Name(claim), cancellationToken: NodeApiWorld.Ct);
        }

        var reservedBefore = (await world.ReservedAsync()).Select(Address).ToHashSet();
        var address = await world.AddAsync("c2");

        Assert.DoesNotContain(address, reservedBefore);
        Assert.Equal(IpAllocationKinds.Dynamic, Kind((await world.ClaimsAsync()).Single(c => Address(c) == address)));
        Assert.Equal(1, await world.Api.MetricAsync("multi_daemon_ipam_reservation_binds_total{pool=\"pool-a\",result=\"conflict\"}"));
        await world.StockAsync(16); // the conflicted claim, still this node's, is back in stock with its new version
        var next = await world.AddAsync("c3");
        Assert.Contains(next, reservedBefore);
        Assert.Equal(1, await world.Api.MetricAsync("multi_daemon_ipam_reservation_binds_total{pool=\"pool-a\",result=\"bound\"}"));
    }

    [Fact]
    public async Task Take_StockDownToHalf_IsRefilledInTheBackground()
    {
        await using var world = await ReservationWorld.StartAsync();
        world.Run();
        await world.AddAsync("c0");
        await world.StockAsync(16);

        var addresses = new List<string>();
        for (var i = 1; i <= 7; i++)
        {
            addresses.Add(await world.AddAsync($"c{i}"));
        }

        var mark = world.Api.Mark();
        await Task.Delay(300, NodeApiWorld.Ct);
        Assert.Equal(9, world.Reservations!.Count(ReservationWorld.Pool)); // more than half left: no refill yet
        Assert.Empty(world.Api.RequestsSince(mark));
        addresses.Add(await world.AddAsync("c8")); // down to half: refilled

        await world.StockAsync(16);
        Assert.Equal(25, (await world.ClaimsAsync()).Count); // 9 owned, 16 reserved
        Assert.Equal(8, await world.Api.MetricAsync("multi_daemon_ipam_reservation_binds_total{pool=\"pool-a\",result=\"bound\"}"));
        Assert.Equal(24, await world.Api.MetricAsync("multi_daemon_ipam_reservations_created_total{pool=\"pool-a\"}"));
        Assert.Equal(8, addresses.Distinct().Count());
    }

    [Fact]
    public async Task IdleTimeout_StockUnused_IsDeletedAndComesBackWithTheNextAdd()
    {
        await using var world = await ReservationWorld.StartAsync();
        var reservations = world.Run();
        await world.AddAsync("c1");
        await world.StockAsync(16);

        world.Clock.Advance(world.Options.IdleTimeout - reservations.Tick);
        await Task.Delay(200, NodeApiWorld.Ct); // a tick before the timeout: nothing happens
        Assert.Equal(16, (await world.ReservedAsync()).Count);
        world.Clock.Advance(reservations.Tick);
        await world.StockAsync(0);

        Assert.Single(await world.ClaimsAsync()); // c1's own claim is untouched
        Assert.Equal(16, await world.Api.MetricAsync("multi_daemon_ipam_reservations_returned_total{pool=\"pool-a\",reason=\"idle\"}"));
        await world.AddAsync("c2");
        await world.StockAsync(16);
    }

    [Fact]
    public async Task Restart_ReservedClaimsOfAnEarlierRun_AreAdoptedAndReturnedOnShutdown()
    {
        await using var world = await ReservationWorld.StartAsync();
        world.Run();
        await world.AddAsync("c1");
        await world.StockAsync(16);
        await world.StopAsync();
        var before = (await world.ReservedAsync()).Select(Name).Order().ToList();

        var mark = world.Api.Mark();
        var restarted = world.Run();
        await world.StockAsync(16);
        Assert.Equal(before, (await world.ReservedAsync()).Select(Name).Order().ToList());
        Assert.DoesNotContain(world.Api.RequestsSince(mark), r => r.Method == "POST");
        var address = await world.AddAsync("c2");
        Assert.Contains(before, n => n.EndsWith(address, StringComparison.Ordinal));

        await world.StopAsync();
        await restarted.ReturnAllAsync(NodeApiWorld.Ct);
        Assert.Empty(await world.ReservedAsync());
        Assert.Equal(2, (await world.ClaimsAsync()).Count);
        Assert.Equal(15, await world.Api.MetricAsync("multi_daemon_ipam_reservations_returned_total{pool=\"pool-a\",reason=\"shutdown\"}"));
    }

    [Fact]
    public async Task Fill_PoolWithLittleRoom_ReservesNothing()
    {
        await using var world = await ReservationWorld.StartAsync("10.1.0.0/26"); // 62 addresses < 4 stocks of 16
        world.Run();

        await world.AddAsync("c1");
        await world.AddAsync("c2");
        await Eventually.TrueAsync(() => Task.FromResult(world.Reservations!.Count(ReservationWorld.Pool) == 0), "no stock");
        await Task.Delay(300, NodeApiWorld.Ct);

        Assert.Empty(await world.ReservedAsync());
        Assert.Equal(2, (await world.ClaimsAsync()).Count);
    }

    [Theory]
    [InlineData("200", 16)]
    [InlineData("63", 0)]
    public async Task Fill_PoolStatusGivesTheFreeCount_NoListOfTheClaims(string free, int stock)
    {
        await using var world = await ReservationWorld.StartAsync();
        var status = new JsonObject { ["status"] = new JsonObject { ["observedGeneration"] = 1, ["capacity"] = "254", ["allocated"] = 254 - int.Parse(free, System.Globalization.CultureInfo.InvariantCulture), ["nodeReserved"] = 0, ["free"] = free } };
        await world.Api.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new k8s.Models.V1Patch(status.ToJsonString(), k8s.Models.V1Patch.PatchType.MergePatch), "multi.dev", "v1alpha1", "ippools", ReservationWorld.Pool, cancellationToken: NodeApiWorld.Ct);
        var store = new Multi.Cni.Ipam.IpamStore(world.Access.Factory.Create("", Multi.Core.Cni.CniCommand.Add));
        await Eventually.TrueAsync(async () => (await store.PoolAsync(ReservationWorld.Pool, NodeApiWorld.Ct))?["status"] is not null, "the pool's status in the daemon's cache");
        world.Run();
        var mark = world.Api.Mark();

        await world.AddAsync("c1");
        await world.StockAsync(stock);
        await Task.Delay(300, NodeApiWorld.Ct);

        Assert.DoesNotContain(world.Api.RequestsSince(mark), r => r.Path == ReservationWorld.ClaimsPath && r.Query.Contains("multi.dev%2Fpool", StringComparison.Ordinal));
        Assert.Equal(stock, world.Reservations!.Count(ReservationWorld.Pool));
    }
}
