using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Multi.Cli.Kube;
using Multi.Core.Annotations;
using Multi.Core.Ipam;

namespace Multi.Cli.Commands;

/// <summary>The consistency rules of <c>multictl check</c>, over one snapshot of pools, claims and pods.</summary>
internal static class CheckFindings
{
    public static IEnumerable<Finding> Find(IReadOnlyList<PoolEntry> pools, IReadOnlyList<ClaimEntry> claims, IReadOnlyList<V1Pod> pods) =>
        StaleOwners(claims, pods)
            .Concat(OutsidePools(pools, claims))
            .Concat(DuplicateAttachments(claims))
            .Concat(UnclaimedAddresses(pools, claims, pods));

    /// <summary>
    /// Claims whose owner is provably gone (<see cref="IpAllocationOwners.Judge"/>: by pod UID and phase), and claims whose
    /// owner names no pod to look up. A node-reserved claim belongs to its node, not to a pod, and is not judged here.
    /// </summary>
    private static IEnumerable<Finding> StaleOwners(IReadOnlyList<ClaimEntry> claims, IReadOnlyList<V1Pod> pods)
    {
        var byName = pods.ToDictionary(p => (p.Metadata.NamespaceProperty, p.Metadata.Name));
        foreach (var claim in claims.Where(c => c.Kind != IpAllocationKinds.NodeReserved))
        {
            var owner = claim.Spec.Owner;
            var pod = ClusterReader.AsOwnerPod(byName.GetValueOrDefault((owner.PodNamespace, owner.PodName)));
            var state = IpAllocationOwners.Judge(owner, pod);
            if (state == IpAllocationOwnerState.Unidentified)
            {
                yield return new Finding("unidentified-owner", $"IPAllocation/{claim.Name}", IpAllocationOwners.Describe(state, owner, pod));
            }
            else if (IpAllocationOwners.IsReclaimable(state))
            {
                yield return new Finding("stale-claim", $"IPAllocation/{claim.Name}", IpAllocationOwners.Describe(state, owner, pod));
            }
        }
    }

    private static IEnumerable<Finding> OutsidePools(IReadOnlyList<PoolEntry> pools, IReadOnlyList<ClaimEntry> claims)
    {
        var byName = pools.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            var subject = $"IPAllocation/{claim.Name}";
            if (!byName.TryGetValue(claim.Spec.Pool, out var pool))
            {
                yield return new Finding("missing-pool", subject, $"IP pool {claim.Spec.Pool} does not exist");
            }
            else if (pool.Layout is null)
            {
                yield return new Finding("unusable-pool", subject, $"IP pool {pool.Name} has an unusable spec: {pool.Problem}");
            }
            else if (claim.Address is not { } address)
            {
                yield return new Finding("outside-pool", subject, $"address \"{claim.Spec.Address}\" is not an IP address");
            }
            else if (pool.Layout.WhyNotAllocatable(address) is { } why)
            {
                yield return new Finding("outside-pool", subject, $"{address} is not allocatable in IP pool {pool.Name}: {why}");
            }
        }
    }

    /// <summary>One attachment holds at most one address per pool (a dual-stack attachment has one claim in each of two pools).</summary>
    private static IEnumerable<Finding> DuplicateAttachments(IReadOnlyList<ClaimEntry> claims) =>
        claims.GroupBy(c => (c.AttachmentKey, c.Spec.Pool))
            .Where(g => g.Count() > 1)
            .Select(g =>
            {
                var owner = g.First().Spec.Owner;
                return new Finding("duplicate-claims", $"Pod/{owner.PodNamespace}/{owner.PodName}",
                    $"attachment (uid {owner.PodUid}, container {owner.ContainerId}, interface {owner.Interface}) holds {g.Count()} addresses in IP pool {g.Key.Pool}: "
                    + string.Join(", ", g.Select(c => c.Spec.Address).Order(StringComparer.Ordinal)));
            });

    private static IEnumerable<Finding> UnclaimedAddresses(IReadOnlyList<PoolEntry> pools, IReadOnlyList<ClaimEntry> claims, IReadOnlyList<V1Pod> pods)
    {
        var held = claims.Select(c => c.Address).OfType<IPAddress>().ToHashSet();
        var cidrs = pools.Select(p => p.Layout?.Cidr).OfType<IpCidr>().ToList();
        foreach (var pod in pods)
        {
            foreach (var (network, address) in StatusAddresses(pod))
            {
                if (!held.Contains(address) && cidrs.Any(c => c.Contains(address)))
                {
                    yield return new Finding("unclaimed-address", $"Pod/{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}",
                        $"{address} (network {network}) is in network-status but no IPAllocation holds it");
                }
            }
        }
    }

    /// <summary>The addresses of a pod's <c>network-status</c> annotation; an unreadable annotation yields none.</summary>
    private static List<(string Network, IPAddress Address)> StatusAddresses(V1Pod pod)
    {
        var result = new List<(string, IPAddress)>();
        if (pod.Metadata.Annotations?.TryGetValue(NetworkStatusBuilder.AnnotationKey, out var text) != true || text is null)
        {
            return result;
        }

        try
        {
            foreach (var entry in JsonNode.Parse(text) as JsonArray ?? [])
            {
                var network = (string?)entry?["name"] ?? "?";
                foreach (var ip in entry?["ips"] as JsonArray ?? [])
                {
                    var value = (string?)ip;
                    var bare = value?.Split('/')[0];
                    if (IPAddress.TryParse(bare, out var address))
                    {
                        result.Add((network, address));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return [];
        }

        return result;
    }
}
