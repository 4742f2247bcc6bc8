using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Core.Ipam;
using Multi.Operator.Entities;
using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.Controllers;

/// <summary>IPPool status, events and gauges derived from IPAllocation claims, through the real controllers and API server.</summary>
public sealed class IpPoolStatusControllerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pool_ClaimsCreatedAndDeleted_StatusAndGaugesFollow()
    {
        await using var op = await OperatorCluster.StartAsync();
        await CreatePoolAsync(op, "blue", new JsonObject { ["cidr"] = "10.0.0.0/24", ["gateway"] = "10.0.0.1" });

        var empty = await StatusAsync(op, "blue", s => s.Allocated == 0 && s.Capacity == "253");
        foreach (var address in new[] { "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.1" })
        {
            await ClaimAsync(op, "blue", address); // the gateway's claim is outside the allocatable addresses
        }

        var three = await StatusAsync(op, "blue", s => s.Allocated == 3);
        await ReleaseAsync(op, "blue", "10.0.0.3");
        var two = await StatusAsync(op, "blue", s => s.Allocated == 2);
        var gauges = await MetricsTextAsync(op);
        await op.Client.CustomObjects.DeleteClusterCustomObjectAsync(IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural, "blue", cancellationToken: Ct);
        await Eventually.TrueAsync(async () => !(await MetricsTextAsync(op)).Contains("pool=\"blue\"", StringComparison.Ordinal), "the pool's gauges to go");

        Assert.Equal(("253", "253", 1L), (empty.Free, empty.Capacity, empty.ObservedGeneration));
        Assert.Equal("250", three.Free);
        Assert.Equal("251", two.Free);
        Assert.Equal("True/Valid", Condition(two, "Ready"));
        Assert.Equal("False/AddressesFree", Condition(two, "Exhausted"));
        Assert.Equal("False/AsExpected", Condition(two, "Degraded"));
        Assert.Contains("multi_ippool_capacity{pool=\"blue\",family=\"ipv4\"} 253", gauges, StringComparison.Ordinal);
        Assert.Contains("multi_ippool_allocated{pool=\"blue\",family=\"ipv4\"} 2", gauges, StringComparison.Ordinal);
        Assert.Contains("multi_ippool_free{pool=\"blue\",family=\"ipv4\"} 251", gauges, StringComparison.Ordinal);
        Assert.Contains("multi_ippool_node_reserved{pool=\"blue\",family=\"ipv4\"} 0", gauges, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pool_NodeReservedClaims_CountAsAllocatedAndAsNodeReserved()
    {
        await using var op = await OperatorCluster.StartAsync();
        await CreatePoolAsync(op, "blue", new JsonObject { ["cidr"] = "10.0.0.0/24", ["gateway"] = "10.0.0.1" });
        await ClaimAsync(op, "blue", "10.0.0.2");
        await ClaimAsync(op, "blue", "10.0.0.3", IpAllocationKinds.NodeReserved);
        await ClaimAsync(op, "blue", "10.0.0.4", IpAllocationKinds.NodeReserved);
        await ClaimAsync(op, "blue", "10.0.0.5", IpAllocationKinds.Static);

        var reserved = await StatusAsync(op, "blue", s => s.Allocated == 4 && s.NodeReserved == 2);
        var gauges = await MetricsTextAsync(op);
        await ReleaseAsync(op, "blue", "10.0.0.3");
        var released = await StatusAsync(op, "blue", s => s.Allocated == 3);

        Assert.Equal("249", reserved.Free);
        Assert.Contains("multi_ippool_node_reserved{pool=\"blue\",family=\"ipv4\"} 2", gauges, StringComparison.Ordinal);
        Assert.Contains("multi_ippool_allocated{pool=\"blue\",family=\"ipv4\"} 4", gauges, StringComparison.Ordinal);
        Assert.Equal((1L, "250"), (released.NodeReserved, released.Free));
    }

    [Fact]
    public async Task SmallPool_FilledReleasedAndRefilled_ExhaustedWithOneWarningPerCrossing()
    {
        await using var op = await OperatorCluster.StartAsync();
        await CreatePoolAsync(op, "tiny", new JsonObject { ["cidr"] = "10.1.0.0/28" }); // 14 addresses; 90 % is 13
        for (var i = 1; i <= 12; i++)
        {
            await ClaimAsync(op, "tiny", $"10.1.0.{i}");
        }

        await StatusAsync(op, "tiny", s => s.Allocated == 12);
        var before = await EventsAsync(op, "tiny");
        await ClaimAsync(op, "tiny", "10.1.0.13");
        await StatusAsync(op, "tiny", s => s.Allocated == 13);
        await ClaimAsync(op, "tiny", "10.1.0.14");
        var full = await StatusAsync(op, "tiny", s => s.Allocated == 14);
        await ReleaseAsync(op, "tiny", "10.1.0.14");
        var released = await StatusAsync(op, "tiny", s => s.Allocated == 13);
        await ClaimAsync(op, "tiny", "10.1.0.14");
        await StatusAsync(op, "tiny", s => s.Allocated == 14);
        var events = await Eventually.ValueAsync(() => EventsAsync(op, "tiny"), e => e.Count(x => x.Reason == "PoolExhausted") == 2, "a second exhaustion event");

        Assert.Empty(before);
        Assert.Equal(("0", "True/NoFreeAddress"), (full.Free, Condition(full, "Exhausted")));
        Assert.Equal("False/AddressesFree", Condition(released, "Exhausted"));
        Assert.Equal(1, events.Count(e => e.Reason == "PoolNearlyExhausted")); // 14 → 13 stays above 90 %: no new crossing
        Assert.All(events, e => Assert.Equal(("Warning", "IPPool"), (e.Type, e.InvolvedObject.Kind)));
        Assert.Equal(3, events.Count);
    }

    [Fact]
    public async Task InvalidAndOverlappingPools_AreDegradedNamingTheFieldAndTheOtherPool()
    {
        await using var op = await OperatorCluster.StartAsync();
        await CreatePoolAsync(op, "bad", new JsonObject { ["cidr"] = "10.2.0.0/24", ["gateway"] = "10.3.0.1" });
        await CreatePoolAsync(op, "wide", new JsonObject { ["cidr"] = "10.4.0.0/16" });
        await CreatePoolAsync(op, "narrow", new JsonObject { ["cidr"] = "10.4.2.0/24" });

        var bad = await StatusAsync(op, "bad", s => s.Conditions.Count > 0);
        var wide = await StatusAsync(op, "wide", s => Condition(s, "Degraded") == "True/Overlap");
        var narrow = await StatusAsync(op, "narrow", s => Condition(s, "Degraded") == "True/Overlap");
        await op.Client.CustomObjects.DeleteClusterCustomObjectAsync(IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural, "narrow", cancellationToken: Ct);
        var alone = await StatusAsync(op, "wide", s => Condition(s, "Degraded") == "False/AsExpected");

        Assert.Equal(("False/InvalidSpec", "True/InvalidSpec", "False/InvalidSpec"), (Condition(bad, "Ready"), Condition(bad, "Degraded"), Condition(bad, "Exhausted")));
        Assert.Contains("gateway", bad.Conditions.Single(c => c.Type == "Degraded").Message, StringComparison.Ordinal);
        Assert.Equal(("0", "0"), (bad.Capacity, bad.Free));
        Assert.Contains("narrow", wide.Conditions.Single(c => c.Type == "Degraded").Message, StringComparison.Ordinal);
        Assert.Contains("wide", narrow.Conditions.Single(c => c.Type == "Degraded").Message, StringComparison.Ordinal);
        Assert.Equal("True/Valid", Condition(wide, "Ready"));
        Assert.Equal("65534", alone.Capacity);
    }

    [Fact]
    public async Task ClaimForAMissingPool_IsIgnoredUntilThePoolExists()
    {
        await using var op = await OperatorCluster.StartAsync();
        await ClaimAsync(op, "ghost", "10.5.0.7");
        await CreatePoolAsync(op, "real", new JsonObject { ["cidr"] = "10.6.0.0/24" });
        var real = await StatusAsync(op, "real", s => s.Conditions.Count > 0);
        await CreatePoolAsync(op, "ghost", new JsonObject { ["cidr"] = "10.5.0.0/24" });

        var ghost = await StatusAsync(op, "ghost", s => s.Allocated == 1);

        Assert.Equal(0, real.Allocated);
        Assert.Equal("253", ghost.Free);
    }

    [Fact]
    public async Task OwnedPool_SpecReplacedByItsNetwork_KeepsAndRefreshesItsStatus()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        var spec = new JsonObject
        {
            ["type"] = "bridge",
            ["master"] = "br-data",
            ["ipam"] = new JsonObject { ["pool"] = new JsonObject { ["cidr"] = "10.7.0.0/24", ["gateway"] = "10.7.0.1" } },
            ["namespaces"] = new JsonArray("apps"),
        };
        await op.CreateNetworkAsync("owned", spec);
        await StatusAsync(op, "owned", s => s.Capacity == "253");
        await ClaimAsync(op, "owned", "10.7.0.20");
        await StatusAsync(op, "owned", s => s.Allocated == 1);

        await op.PatchNetworkSpecAsync("owned", new JsonObject { ["ipam"] = new JsonObject { ["pool"] = new JsonObject { ["cidr"] = "10.7.0.0/24", ["gateway"] = "10.7.0.1", ["exclude"] = new JsonArray("10.7.0.200-10.7.0.209") } } });
        var pool = await Eventually.ValueAsync(() => op.GetPoolAsync("owned"), p => p?.Spec.Exclude.Count == 1 && p.Status?.Capacity == "243", "the replaced spec's capacity");

        Assert.Equal((1L, "242", 2L), (pool!.Status!.Allocated, pool.Status.Free, pool.Status.ObservedGeneration));
    }

    [Fact]
    public async Task ConcurrentClaimsAndReleases_FromManyClients_StatusEndsExact()
    {
        await using var op = await OperatorCluster.StartAsync();
        await CreatePoolAsync(op, "busy", new JsonObject { ["cidr"] = "10.8.0.0/24" });
        await StatusAsync(op, "busy", s => s.Capacity == "254");

        // 16 clients each claim 12 addresses of their own and release every third one, all at once.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < 12; i++)
            {
                var address = $"10.8.0.{1 + (client * 12) + i}";
                await ClaimAsync(op, "busy", address);
                if (i % 3 == 0)
                {
                    await ReleaseAsync(op, "busy", address);
                }
            }
        }, Ct)));
        var claims = await op.Client.CustomObjects.ListClusterCustomObjectAsync(
            IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural, labelSelector: "multi.dev/pool=busy", cancellationToken: Ct);
        var count = JsonNode.Parse(KubernetesJson.Serialize(claims))!["items"]!.AsArray().Count;

        var status = await StatusAsync(op, "busy", s => s.Allocated == 128);

        Assert.Equal(128, count);
        Assert.Equal("126", status.Free);
    }

    private static Task CreatePoolAsync(OperatorCluster op, string name, JsonObject spec) =>
        op.Client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject { ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "IPPool", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec },
            IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural, cancellationToken: Ct);

    private static Task ClaimAsync(OperatorCluster op, string pool, string address, string? kind = null)
    {
        var claim = new IpAllocationResource
        {
            Metadata = new V1ObjectMeta { Name = IpAllocationName.Format(pool, IPAddress.Parse(address)), Labels = new Dictionary<string, string> { [IpAllocationResource.PoolLabel] = pool } },
            Spec = new IpAllocationSpec(pool, address, new IpAllocationOwner("apps", $"pod-{address}", Guid.NewGuid().ToString(), "c0ffee", "net1", "node-a"), kind),
        };
        return op.Client.CustomObjects.CreateClusterCustomObjectAsync(claim, IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural, cancellationToken: Ct);
    }

    private static Task ReleaseAsync(OperatorCluster op, string pool, string address) =>
        op.Client.CustomObjects.DeleteClusterCustomObjectAsync(
            IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural, IpAllocationName.Format(pool, IPAddress.Parse(address)), cancellationToken: Ct);

    private static async Task<IpPoolStatus> StatusAsync(OperatorCluster op, string pool, Func<IpPoolStatus, bool> done) =>
        (await Eventually.ValueAsync(() => op.GetPoolAsync(pool), p => p?.Status is { } s && done(s), $"the status of pool {pool}"))!.Status!;

    private static async Task<IList<Corev1Event>> EventsAsync(OperatorCluster op, string pool) =>
        (await op.Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.name={pool}", cancellationToken: Ct)).Items;

    private static string? Condition(IpPoolStatus status, string type) =>
        status.Conditions.FirstOrDefault(c => c.Type == type) is { } c ? $"{c.Status}/{c.Reason}" : null;

    private static async Task<string> MetricsTextAsync(OperatorCluster op)
    {
        using var stream = new MemoryStream();
        await op.Metrics.CollectAndExportAsTextAsync(stream, Ct);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
