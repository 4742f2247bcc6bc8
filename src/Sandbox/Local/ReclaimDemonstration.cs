using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Core.Annotations;

namespace Multi.Sandbox.Local;

/// <summary>
/// The API side of <c>up</c>'s reclaim demonstration: the extra pod <c>default/leaky</c> on the multi-ipam sample network,
/// the IPAllocation that claims its address, and the bounded wait for the operator to release that claim once the pod
/// object is gone (the pool's <c>status.allocated</c> back to its value before the pod, the <c>AddressReclaimed</c>
/// event on the pool). Every read goes to the API server; nothing here deletes a claim.
/// </summary>
internal sealed class ReclaimDemonstration(IKubernetes client, TimeProvider time, string nodeName)
{
    public const string Namespace = "default";

    public const string PodName = "leaky";

    /// <summary>The sample ClusterNetwork whose raw IPAM is multi-ipam (config/samples/10-networks.yaml), offered in default.</summary>
    public const string Network = "sandbox-ipam";

    /// <summary>How long after the grace period the operator may take: its pod watch, its queue and the claim's delete.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static string Display => $"{Namespace}/{PodName}";

    /// <summary>The pod object, as a workload would create it (one secondary network, the multi-ipam one), bound to the sandbox's node.</summary>
    public async Task CreatePodAsync(CancellationToken cancellationToken)
    {
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = PodName,
                NamespaceProperty = Namespace,
                Annotations = new Dictionary<string, string> { [NetworkSelectionParser.NetworksAnnotation] = Network },
            },
            Spec = new V1PodSpec { NodeName = nodeName, Containers = [new V1Container { Name = "app", Image = "busybox", Command = ["sleep", "infinity"] }] },
        };
        await client.CoreV1.CreateNamespacedPodAsync(pod, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The claim (name and pool) owned by the pod's UID for <paramref name="address"/>, or null when there is none.</summary>
    public async Task<(string Name, string Pool)?> FindClaimAsync(string podUid, string address, CancellationToken cancellationToken)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync(PoolUsage.Group, PoolUsage.Version, "ipallocations", cancellationToken: cancellationToken).ConfigureAwait(false);
        var claim = PoolUsage.Items(list).FirstOrDefault(c =>
            (string?)c["spec"]?["owner"]?["podUid"] == podUid && (string?)c["spec"]?["address"] == address);
        return claim is null ? null : (PoolUsage.NameOf(claim), (string?)claim["spec"]?["pool"] ?? string.Empty);
    }

    /// <summary>The pool's <c>status.allocated</c> once it is current (bounded by <see cref="PoolUsage.StatusWait"/>), or null.</summary>
    public async Task<int?> AllocatedAsync(string pool, CancellationToken cancellationToken) =>
        (await PoolUsage.ReadAsync(client, time, cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Name == pool && p.Problem is null)?.Allocated;

    /// <summary>
    /// Polls until the claim is gone and the pool's current status counts <paramref name="before"/> again, or until
    /// <paramref name="bound"/> after <paramref name="deletedAt"/> (a <see cref="TimeProvider.GetTimestamp"/>). Returns
    /// when the claim was first seen gone, the pool's last allocated count and whether the status came back.
    /// </summary>
    public async Task<(TimeSpan? ReleasedAfter, int? Allocated, bool Restored)> WaitForReleaseAsync(
        string claim, string pool, int before, long deletedAt, TimeSpan bound, CancellationToken cancellationToken)
    {
        TimeSpan? releasedAfter = null;
        int? allocated = null;
        while (true)
        {
            if (releasedAfter is null && !await ClaimExistsAsync(claim, cancellationToken).ConfigureAwait(false))
            {
                releasedAfter = time.GetElapsedTime(deletedAt);
            }

            if (releasedAfter is not null)
            {
                var (usage, current) = await PoolUsage.ReadOneAsync(client, pool, cancellationToken).ConfigureAwait(false);
                allocated = usage.Problem is null ? usage.Allocated : null;
                if (current && allocated == before)
                {
                    return (releasedAfter, allocated, true);
                }
            }

            if (time.GetElapsedTime(deletedAt) > bound)
            {
                return (releasedAfter, allocated, false);
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The message of the operator's <c>AddressReclaimed</c> event on the pool naming the claim (events of cluster-scoped objects are in default), waiting until <paramref name="deadline"/>.</summary>
    public async Task<string?> ReclaimEventAsync(string pool, string claim, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            var events = await client.CoreV1.ListNamespacedEventAsync("default", cancellationToken: cancellationToken).ConfigureAwait(false);
            var message = events.Items
                .Where(e => e.Reason == "AddressReclaimed" && e.InvolvedObject?.Name == pool)
                .Select(e => e.Message)
                .FirstOrDefault(m => m?.Contains($"({claim})", StringComparison.Ordinal) == true);
            if (message is not null || time.GetUtcNow() >= deadline)
            {
                return message;
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ClaimExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.GetClusterCustomObjectAsync(PoolUsage.Group, PoolUsage.Version, "ipallocations", name, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
