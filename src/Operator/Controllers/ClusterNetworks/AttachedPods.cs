using System.Text.Json;
using k8s;
using k8s.Models;
using Multi.Operator.Kube;

namespace Multi.Operator.Controllers.ClusterNetworks;

/// <summary>
/// Pods still attached to a network's NADs, read from their <c>k8s.v1.cni.cncf.io/network-status</c> (entries are named
/// <c>namespace/nad</c>). Read fresh from the API, one LIST per namespace the network has NADs in, only while the
/// network is being deleted: keeping every pod of the cluster in the manager's cache for this alone would cost more.
/// </summary>
internal sealed class AttachedPods(IKubernetes client)
{
    public const string NetworkStatusAnnotation = "k8s.v1.cni.cncf.io/network-status";

    public async Task<IReadOnlyList<string>> FindAsync(string networkName, IEnumerable<string> namespaces, CancellationToken cancellationToken)
    {
        var lists = await Task.WhenAll(namespaces.Distinct(StringComparer.Ordinal).Select(ns => InNamespaceAsync(ns, networkName, cancellationToken))).ConfigureAwait(false);
        return [.. lists.SelectMany(l => l).Order(StringComparer.Ordinal)];
    }

    private async Task<IEnumerable<string>> InNamespaceAsync(string ns, string networkName, CancellationToken cancellationToken)
    {
        var pods = await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        var entry = ns + "/" + networkName;
        return pods.Items
            .Where(p => p.Status?.Phase is not ("Succeeded" or "Failed") && NamesNetwork(p.Metadata.Annotation(NetworkStatusAnnotation), entry))
            .Select(p => ns + "/" + p.Metadata.Name);
    }

    /// <summary>True when the status lists <paramref name="entry"/>; an unreadable status that quotes it counts as attached, to be safe.</summary>
    internal static bool NamesNetwork(string? networkStatus, string entry)
    {
        if (string.IsNullOrEmpty(networkStatus))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(networkStatus);
            return document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.EnumerateArray().Any(e =>
                e.ValueKind == JsonValueKind.Object && e.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == entry);
        }
        catch (JsonException)
        {
            return networkStatus.Contains('"' + entry + '"', StringComparison.Ordinal);
        }
    }
}
