using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Core.Ipam;
using Multi.Operator.Entities;

namespace Multi.Bench.Reclaim;

/// <summary>
/// The cluster the bench builds before the operator starts: pools <c>pool-0…</c> (10.(100+p).0.0/16), pods spread over
/// namespaces, and claims written as the plugin writes them (name <c>&lt;pool&gt;.&lt;address&gt;</c>, the pool label, the
/// owner's namespace, name, UID, container ID, interface and node). Address offsets: live claims 1…pods, leaks after them.
/// </summary>
internal sealed class Population(IKubernetes client, int concurrency)
{
    public const string PhaseLabel = "bench.multi.dev/phase";

    public static string Pool(int p) => $"pool-{p}";

    public static string Namespace(int i) => $"bench-{i % 10}";

    public static string ClaimName(int pool, int offset) => IpAllocationName.Format(Pool(pool), Address(pool, offset));

    public async Task PoolsAsync(int pools)
    {
        for (var p = 0; p < pools; p++)
        {
            var pool = new JsonObject
            {
                ["apiVersion"] = IpPoolResource.Group + "/" + IpPoolResource.Version, ["kind"] = "IPPool",
                ["metadata"] = new JsonObject { ["name"] = Pool(p) }, ["spec"] = new JsonObject { ["cidr"] = $"10.{100 + p}.0.0/16" },
            };
            await client.CustomObjects.CreateClusterCustomObjectAsync(pool, IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural).ConfigureAwait(false);
        }

        for (var n = 0; n < 10; n++)
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace(n) } }).ConfigureAwait(false);
        }
    }

    /// <summary>Creates the pods (names <c>{prefix}-{i}</c>) and returns their UIDs as the server gave them.</summary>
    public async Task<string[]> PodsAsync(string prefix, int count)
    {
        var uids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), Options, async (i, ct) =>
        {
            var pod = new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = $"{prefix}-{i}" },
                Spec = new V1PodSpec { NodeName = $"node-{i % 50}", Containers = [new V1Container { Name = "app", Image = "busybox" }] },
            };
            uids[i] = (await client.CoreV1.CreateNamespacedPodAsync(pod, Namespace(i), cancellationToken: ct).ConfigureAwait(false)).Metadata.Uid;
        }).ConfigureAwait(false);
        return uids;
    }

    /// <summary>One claim per pod per pool: pod i holds offset <paramref name="firstOffset"/> + i in every pool, on interface net(p+1).</summary>
    public Task ClaimsAsync(string prefix, string[] uids, int pools, int firstOffset, string phase) =>
        Parallel.ForEachAsync(Enumerable.Range(0, uids.Length * pools), Options, async (k, ct) =>
        {
            var (i, p) = (k / pools, k % pools);
            await CreateClaimAsync(p, firstOffset + i, Namespace(i), $"{prefix}-{i}", uids[i], $"net{p + 1}", phase, ct).ConfigureAwait(false);
        });

    /// <summary>Claims whose owner never existed: <paramref name="perPool"/> per pool, pods <c>gone-…</c> with fresh UIDs.</summary>
    public Task LeaksAsync(int pools, int perPool, int firstOffset) =>
        Parallel.ForEachAsync(Enumerable.Range(0, pools * perPool), Options, async (k, ct) =>
        {
            var (j, p) = (k / pools, k % pools);
            await CreateClaimAsync(p, firstOffset + j, Namespace(j), $"gone-{p}-{j}", Guid.NewGuid().ToString(), "net1", "leak", ct).ConfigureAwait(false);
        });

    /// <summary>Claim names by pool for offsets [first, first + count).</summary>
    public static IEnumerable<string> Names(int pools, int firstOffset, int count) =>
        Enumerable.Range(0, pools).SelectMany(p => Enumerable.Range(firstOffset, count).Select(o => ClaimName(p, o)));

    private ParallelOptions Options => new() { MaxDegreeOfParallelism = concurrency };

    private static IPAddress Address(int pool, int offset) => new([10, (byte)(100 + pool), (byte)(offset >> 8), (byte)(offset & 0xff)]);

    private Task CreateClaimAsync(int p, int offset, string podNamespace, string podName, string podUid, string ifName, string phase, CancellationToken ct)
    {
        var address = Address(p, offset);
        var claim = new JsonObject
        {
            ["apiVersion"] = IpAllocationResource.Group + "/" + IpAllocationResource.Version,
            ["kind"] = "IPAllocation",
            ["metadata"] = new JsonObject
            {
                ["name"] = IpAllocationName.Format(Pool(p), address),
                ["labels"] = new JsonObject { [IpAllocationResource.PoolLabel] = Pool(p), [PhaseLabel] = phase },
            },
            ["spec"] = new JsonObject
            {
                ["pool"] = Pool(p),
                ["address"] = address.ToString(),
                ["owner"] = new JsonObject
                {
                    ["podNamespace"] = podNamespace,
                    ["podName"] = podName,
                    ["podUid"] = podUid,
                    ["containerId"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                    ["interface"] = ifName,
                    ["node"] = $"node-{offset % 50}",
                },
            },
        };
        return client.CustomObjects.CreateClusterCustomObjectAsync(claim, IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural, cancellationToken: ct);
    }
}
