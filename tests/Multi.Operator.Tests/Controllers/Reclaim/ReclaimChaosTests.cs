using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Multi.Operator.Entities;
using Multi.Operator.Tests.Support;
using Multi.Runtime.Informers;
using Multi.Testing;

namespace Multi.Operator.Tests.Controllers.Reclaim;

/// <summary>
/// Reclaim under churn: 16 published <c>multi-ipam</c> processes allocate for pods while pods are deleted cleanly, deleted
/// without CNI DEL (leaks), and deleted and re-created under the same name; the operator process is killed (SIGKILL) and
/// restarted half-way. A watch in the test records every claim deletion: none may belong to a pod that was never deleted,
/// and once the audit has run the claims are exactly the live pods' attachments.
/// </summary>
public sealed class ReclaimChaosTests
{
    private const int Allocators = 16;
    private const int PodsPerAllocator = 8;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SixteenAllocators_RandomPodDeletions_OperatorKilledHalfway_NoLiveReclaimAndNoLeak()
    {
        if (!IpamProcess.Exists)
        {
            Assert.Skip($"{IpamProcess.Binary} is missing (dotnet publish src/MetaPlugin -c Release -r linux-x64 -o artifacts/cni, then copy multi to multi-ipam)");
        }

        await using var world = await ReclaimWorld.StartAsync(startManager: false);
        await world.PoolAsync("churn", "10.20.0.0/23");
        var config = await IpamConfigAsync(world);
        var deletions = new ConcurrentQueue<(string Claim, string PodUid)>();
        using var watch = WatchDeletions(world, deletions);
        var kubeconfig = Path.Combine(world.Op.Cluster.Directory, "kubeconfig");
        string[] args = ["--Operator:Mode=manager", $"--Operator:Kubeconfig={kubeconfig}", "--Operator:LeaderElection=false", "--Operator:ProbeAddress=",
            "--Operator:ReclaimGrace=00:00:01", "--Operator:AuditInterval=00:00:03"];
        var first = OperatorProcess.Start(args);
        OperatorProcess? second = null;
        var churn = new Churn();
        try
        {
            var added = 0;
            await Task.WhenAll(Enumerable.Range(0, Allocators).Select(w => Task.Run(async () =>
            {
                var random = new Random(7919 * (w + 1));
                for (var i = 0; i < PodsPerAllocator; i++)
                {
                    await churn.StepAsync(world, config, $"w{w}-{i}", random.Next(4));
                    if (Interlocked.Increment(ref added) == Allocators * PodsPerAllocator / 2)
                    {
                        await first.DisposeAsync(); // SIGKILL, in the middle of whatever it was releasing
                        second = OperatorProcess.Start(args);
                    }
                }
            }, Ct)));

            var liveUids = churn.Live.Values.Select(v => v.Uid).ToHashSet(StringComparer.Ordinal);
            await Eventually.TrueAsync(async () => (await ClaimOwnersAsync(world)).SetEquals(liveUids), "the claims to be exactly the live pods' (leaks reclaimed)", seconds: 60);
            var claims = await ClaimsAsync(world);
            var liveReclaims = deletions.Where(d => churn.NeverDeleted(d.PodUid)).ToList();

            Assert.Empty(churn.Failures);
            Assert.True(churn.Leaked > 0 && churn.Recreated > 0 && churn.CleanlyDeleted > 0, $"the dice gave {churn.Leaked} leaks, {churn.Recreated} re-creations, {churn.CleanlyDeleted} clean deletions");
            Assert.Empty(liveReclaims);
            Assert.Equal(churn.Live.Count, claims.Count);
            Assert.All(churn.Live.Values, live => Assert.Equal(live.Uid, claims[live.Address]));
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    private static async Task<JsonObject> IpamConfigAsync(ReclaimWorld world)
    {
        var journal = Path.Combine(world.Op.Cluster.Directory, "journal");
        await IpamProcess.InitJournalAsync(journal, Ct);
        return new JsonObject
        {
            ["cniVersion"] = "1.1.0",
            ["name"] = "net1",
            ["type"] = "macvlan",
            ["ipam"] = new JsonObject { ["type"] = "multi-ipam", ["kubeconfig"] = Path.Combine(world.Op.Cluster.Directory, "kubeconfig"), ["journalDir"] = journal, ["pool"] = "churn" },
        };
    }

    /// <summary>Every claim DELETED event with the owner UID the claim had.</summary>
    private static IDisposable WatchDeletions(ReclaimWorld world, ConcurrentQueue<(string, string)> deletions)
    {
        var stop = new CancellationTokenSource();
        var informer = new Informer<IpAllocationResource>(
            "chaos-claims", ListWatchers.For<IpAllocationResource>(world.Client, IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural),
            new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        informer.AddEventHandler(new DeletionRecorder(deletions));
        _ = Task.Run(() => informer.RunAsync(stop.Token), CancellationToken.None);
        return stop;
    }

    private static async Task<HashSet<string>> ClaimOwnersAsync(ReclaimWorld world) => [.. (await ClaimsAsync(world)).Values];

    /// <summary>Address → owner pod UID of every claim in the pool.</summary>
    private static async Task<Dictionary<string, string>> ClaimsAsync(ReclaimWorld world)
    {
        var list = await world.Client.CustomObjects.ListClusterCustomObjectAsync(
            IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural, labelSelector: "multi.dev/pool=churn", cancellationToken: Ct);
        var items = JsonNode.Parse(k8s.KubernetesJson.Serialize(list))!["items"]!.AsArray();
        return items.ToDictionary(i => i!["spec"]!["address"]!.GetValue<string>(), i => i!["spec"]!["owner"]!["podUid"]!.GetValue<string>(), StringComparer.Ordinal);
    }

    private sealed class DeletionRecorder(ConcurrentQueue<(string, string)> deletions) : IEventHandler<IpAllocationResource>
    {
        public void OnAdd(IpAllocationResource obj)
        {
        }

        public void OnUpdate(IpAllocationResource oldObj, IpAllocationResource newObj)
        {
        }

        public void OnDelete(IpAllocationResource obj) => deletions.Enqueue((obj.Metadata.Name, obj.Spec.Owner.PodUid));
    }
}
