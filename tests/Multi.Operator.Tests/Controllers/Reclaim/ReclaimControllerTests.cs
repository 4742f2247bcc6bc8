using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Core.Ipam;
using Multi.Operator.Controllers.Reclaim;
using Multi.Operator.Entities;
using Multi.Operator.Tests.Support;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Operator.Tests.Controllers.Reclaim;

/// <summary>Leak reclaim through the real manager and API server: dead owners' claims go, live ones never do.</summary>
public sealed class ReclaimControllerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PodDeleted_ItsClaimReleasedWithEventAndMetric_OtherPodsClaimKept()
    {
        await using var world = await ReclaimWorld.StartAsync();
        await world.PoolAsync("blue", "10.0.0.0/24");
        var (a, b) = (await world.PodAsync("a"), await world.PodAsync("b"));
        var claimA = await world.ClaimAsync("blue", "10.0.0.2", "a", a, "c-a");
        var claimB = await world.ClaimAsync("blue", "10.0.0.3", "b", b, "c-b");
        await Task.Delay(TimeSpan.FromSeconds(2.5), Ct); // both claims past the grace period

        await world.DeletePodAsync("a");
        await world.GoneAsync(claimA, seconds: 5);
        var events = await Eventually.ValueAsync(() => world.PoolEventsAsync("blue"), e => e.Count > 0, "the reclaim event");
        var metrics = await world.MetricsAsync();

        Assert.Contains(claimB, await world.ClaimNamesAsync());
        var reclaimed = Assert.Single(events);
        Assert.Equal(("Warning", "AddressReclaimed"), (reclaimed.Type, reclaimed.Reason));
        Assert.Contains("10.0.0.2", reclaimed.Message, StringComparison.Ordinal);
        Assert.Contains("apps/a", reclaimed.Message, StringComparison.Ordinal);
        Assert.Contains("multi_ipam_gc_releases_total{pool=\"blue\",reason=\"pod-deleted\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PodRecreatedWithSameName_OldUidsClaimReleased_NewUidsClaimKept()
    {
        await using var world = await ReclaimWorld.StartAsync();
        await world.PoolAsync("blue", "10.0.0.0/24");
        var first = await world.PodAsync("web-0");
        var old = await world.ClaimAsync("blue", "10.0.0.5", "web-0", first, "sandbox-1");
        await world.DeletePodAsync("web-0");
        var second = await world.PodAsync("web-0"); // the same name, a new UID, before the old claim's grace has passed
        var fresh = await world.ClaimAsync("blue", "10.0.0.6", "web-0", second, "sandbox-2");

        await world.GoneAsync(old);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct); // the new claim is past its grace period too now

        Assert.NotEqual(first, second);
        Assert.Contains(fresh, await world.ClaimNamesAsync());
        Assert.Contains("reason=\"pod-replaced\"} 1", await world.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadOwnersClaim_KeptUntilTheGracePeriodHasPassed()
    {
        await using var world = await ReclaimWorld.StartAsync(grace: TimeSpan.FromSeconds(4));
        await world.PoolAsync("blue", "10.0.0.0/24");
        var started = DateTimeOffset.UtcNow;
        var claim = await world.ClaimAsync("blue", "10.0.0.7", "never-existed", "0d2c5f57-0000-4000-8000-000000000001", "c-x");

        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        var early = await world.ClaimNamesAsync();
        await world.GoneAsync(claim);

        Assert.Contains(claim, early);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(3), "released before the grace period (creation times have whole seconds)");
    }

    [Fact]
    public async Task BoundReservedClaim_GracePeriodCountsFromItsBinding()
    {
        await using var world = await ReclaimWorld.StartAsync(grace: TimeSpan.FromSeconds(2));
        await world.PoolAsync("blue", "10.0.0.0/24");
        var started = DateTimeOffset.UtcNow;
        var owner = new IpAllocationOwner("apps", "never-existed", "0d2c5f57-0000-4000-8000-000000000002", "c-y", "net1", "node-a");
        var claim = await world.ClaimAsync("blue", "10.0.0.8", owner, IpAllocationKinds.Dynamic, boundAt: started + TimeSpan.FromSeconds(3));

        await Task.Delay(TimeSpan.FromSeconds(3.5), Ct); // past the grace since creation, not since the binding
        var early = await world.ClaimNamesAsync();
        await world.GoneAsync(claim, seconds: 10);

        Assert.Contains(claim, early);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(4.9), "released before the grace period after the binding");
    }

    [Fact]
    public async Task ClaimRecreatedForALivePodDuringTheGracePeriod_IsKept()
    {
        await using var world = await ReclaimWorld.StartAsync(grace: TimeSpan.FromSeconds(3));
        await world.PoolAsync("blue", "10.0.0.0/24");
        var claim = await world.ClaimAsync("blue", "10.0.0.8", "gone", "0d2c5f57-0000-4000-8000-000000000002", "c-gone");
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        var live = await world.PodAsync("live");
        await world.DeleteClaimAsync(claim); // the runtime's DEL, then a new ADD takes the same address
        await world.ClaimAsync("blue", "10.0.0.8", "live", live, "c-live");

        await Task.Delay(TimeSpan.FromSeconds(5), Ct);
        var now = await world.ReadClaimAsync(claim);

        Assert.Equal(live, now?.Spec.Owner.PodUid);
    }

    [Fact]
    public async Task TerminalPod_ClaimReleased_PodOnNotReadyOrDeletedNode_ClaimKept()
    {
        await using var world = await ReclaimWorld.StartAsync();
        await world.PoolAsync("blue", "10.0.0.0/24");
        await world.Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-b" } }, cancellationToken: Ct);
        await world.Client.CoreV1.PatchNodeStatusAsync(new V1Patch(
            """{"status":{"conditions":[{"type":"Ready","status":"False","reason":"KubeletNotReady"}]}}""", V1Patch.PatchType.MergePatch), "node-b", cancellationToken: Ct);
        var (done, stranded, orphan) = (await world.PodAsync("job"), await world.PodAsync("stranded", "node-b"), await world.PodAsync("orphan", "node-c"));
        var jobClaim = await world.ClaimAsync("blue", "10.0.0.9", "job", done, "c-job");
        var strandedClaim = await world.ClaimAsync("blue", "10.0.0.10", "stranded", stranded, "c-stranded", node: "node-b");
        var orphanClaim = await world.ClaimAsync("blue", "10.0.0.11", "orphan", orphan, "c-orphan", node: "node-c"); // node-c was deleted

        await world.SetPhaseAsync("job", "Failed");
        await world.GoneAsync(jobClaim);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        var kept = await world.ClaimNamesAsync();
        await world.DeletePodAsync("orphan");
        await world.GoneAsync(orphanClaim);

        Assert.Contains(strandedClaim, kept);
        Assert.Contains(orphanClaim, kept);
        Assert.Contains("reason=\"pod-terminal\"} 1", await world.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MirrorPodOfAStaticPod_ClaimMadeForTheStaticPodsUid_Kept()
    {
        await using var world = await ReclaimWorld.StartAsync();
        await world.PoolAsync("blue", "10.0.0.0/24");
        var mirror = TestCluster.Pod("etcd-node-a", "node-a");
        mirror.Metadata.Annotations = new Dictionary<string, string> { [OwnerPod.MirrorAnnotation] = "5a1e0c0ffee0000000000000000000aa" };
        await world.Client.CoreV1.CreateNamespacedPodAsync(mirror, "apps", cancellationToken: Ct);
        var claim = await world.ClaimAsync("blue", "10.0.0.20", "etcd-node-a", "5a1e0c0ffee0000000000000000000aa", "c-static"); // the kubelet's UID, not the mirror's
        var dead = await world.ClaimAsync("blue", "10.0.0.21", "etcd-node-a", "5a1e0c0ffee0000000000000000000bb", "c-old-static"); // an earlier manifest's

        await world.GoneAsync(dead);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);

        Assert.Contains(claim, await world.ClaimNamesAsync());
    }

    [Fact]
    public async Task NodeReservedClaims_KeptWhileTheirNodeExists_ReleasedWhenItIsDeleted()
    {
        await using var world = await ReclaimWorld.StartAsync();
        await world.PoolAsync("blue", "10.0.0.0/24");
        await world.Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-r" } }, cancellationToken: Ct);
        var reserved = await world.ClaimAsync("blue", "10.0.0.30", new IpAllocationOwner("", "", "", "", "", "node-r"), IpAllocationKinds.NodeReserved);
        var orphan = await world.ClaimAsync("blue", "10.0.0.31", new IpAllocationOwner("", "", "", "", "", "node-gone"), IpAllocationKinds.NodeReserved);
        var dynamicOfNoPod = await world.ClaimAsync("blue", "10.0.0.32", new IpAllocationOwner("", "", "", "", "", "node-gone"));

        await world.GoneAsync(orphan);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        var kept = await world.ClaimNamesAsync();
        await world.Client.CoreV1.DeleteNodeAsync("node-r", cancellationToken: Ct);
        await world.GoneAsync(reserved, seconds: 5);

        Assert.Contains(reserved, kept);
        Assert.Contains(dynamicOfNoPod, await world.ClaimNamesAsync()); // not node-reserved, no pod named: never provably gone
        Assert.Contains("reason=\"node-deleted\"} 2", await world.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnidentifiedOwnerAndMissingPool_NeverACrash_OnlyTheProvablyDeadClaimGoes()
    {
        await using var world = await ReclaimWorld.StartAsync();
        var nobody = await world.ClaimAsync("ghost", "10.5.0.1", new IpAllocationOwner("", "", "", "c-1", "net1", "node-a"));
        var dead = await world.ClaimAsync("ghost", "10.5.0.2", "departed", "0d2c5f57-0000-4000-8000-000000000003", "c-2"); // pool "ghost" does not exist

        await world.GoneAsync(dead);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);

        Assert.Contains(nobody, await world.ClaimNamesAsync());
        Assert.Empty(await world.PoolEventsAsync("ghost"));
    }

    [Fact]
    public async Task DeleteAnsweredConflictOrServerError_NothingLost_AuditFinishesTheRelease()
    {
        var failures = 0;
        var options = new EmbeddedApiServerOptions
        {
            Faults = r => r.Method == "DELETE" && r.Path.Contains("/ipallocations/", StringComparison.Ordinal) && Interlocked.Increment(ref failures) <= 2
                ? (failures == 1 ? ApiFault.Status(409, "Conflict", "injected: the object has been modified") : ApiFault.Status(500, "InternalError", "injected"))
                : null,
        };
        await using var world = await ReclaimWorld.StartAsync(audit: TimeSpan.FromSeconds(2), server: options);
        await world.PoolAsync("blue", "10.0.0.0/24");
        var claim = await world.ClaimAsync("blue", "10.0.0.12", "departed", "0d2c5f57-0000-4000-8000-000000000004", "c-3");
        var live = await world.PodAsync("live");
        var liveClaim = await world.ClaimAsync("blue", "10.0.0.13", "live", live, "c-live");

        await world.GoneAsync(claim, seconds: 20);
        var metrics = await world.MetricsAsync();

        Assert.True(failures >= 3, $"the delete was tried {failures} times");
        Assert.Contains(liveClaim, await world.ClaimNamesAsync());
        Assert.Contains("multi_ipam_gc_conflicts_total{pool=\"blue\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("multi_ipam_audit_claims{pool=\"blue\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConditionedDelete_ClaimChangedSinceItsRead_IsNotDeleted()
    {
        await using var world = await ReclaimWorld.StartAsync(startManager: false);
        await world.PoolAsync("blue", "10.0.0.0/24");
        var name = await world.ClaimAsync("blue", "10.0.0.14", "departed", "0d2c5f57-0000-4000-8000-000000000005", "c-4");
        var read = await world.ReadClaimAsync(name);
        await world.Client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["touched"] = "yes" } } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural, name, cancellationToken: Ct);

        var outcome = await new ReclaimApi(world.Client).DeleteClaimAsync(read!, Ct);

        Assert.Equal(ReleaseOutcome.Changed, outcome);
        Assert.Contains(name, await world.ClaimNamesAsync());
    }

    [Fact]
    public async Task Audit_ListsEachPoolInPagesWithItsLabel_NeverOneReadPerClaim()
    {
        await using var world = await ReclaimWorld.StartAsync(startManager: false);
        await world.PoolAsync("blue", "10.0.0.0/24");
        await world.PoolAsync("green", "10.1.0.0/24");
        var pod = await world.PodAsync("p");
        for (var i = 2; i < 22; i++)
        {
            await world.ClaimAsync(i % 2 == 0 ? "blue" : "green", $"10.{i % 2}.0.{i}", "p", pod, $"c-{i}", $"net{i}");
        }

        var before = world.Op.Cluster.Server.Requests.Count;
        await world.Op.StartManagerAsync();
        await Eventually.TrueAsync(async () => (await world.MetricsAsync()).Contains("multi_ipam_audit_claims{pool=\"green\"} 10", StringComparison.Ordinal), "both audits");
        var audits = world.Op.Cluster.Server.Requests.Skip(before)
            .Where(r => r.Method == "GET" && r.Path.EndsWith("/ipallocations", StringComparison.Ordinal) && r.Query.Contains("labelSelector", StringComparison.Ordinal))
            .ToList();
        var perClaim = world.Op.Cluster.Server.Requests.Skip(before).Count(r => r.Path.Contains("/ipallocations/", StringComparison.Ordinal) || r.Path.Contains("/pods/", StringComparison.Ordinal));

        Assert.Equal(4, audits.Count); // 10 claims per pool in pages of 7
        Assert.Equal(0, perClaim);
        Assert.Equal(20, (await world.ClaimNamesAsync()).Count);
    }
}
