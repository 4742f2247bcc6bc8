using Multi.Core.Ipam;
using Multi.Core.Nad;
using Multi.Core.Networks;
using Multi.Operator.Controllers.ClusterNetworks;
using Multi.Operator.Entities;
using Multi.Operator.Kube;
using Multi.Runtime.Informers;
using Multi.Runtime.Reconcile;

namespace Multi.Operator.Webhook;

/// <summary>
/// The manager's informer caches as the webhook reads them: every read goes through one small method here, so a change
/// of the caches' shape touches this file only. Read-only, like every cache reader.
/// </summary>
internal sealed class WebhookCaches(
    IReadOnlyStore<NadResource> nads, IReadOnlyStore<IpPoolResource> pools, IReadOnlyStore<ClusterNetwork> networks, IReadOnlyStore<NodeNetworkState> nodeStates,
    Func<bool> synced)
{
    /// <summary>False until every informer of the manager has listed once: until then an absence proves nothing.</summary>
    public bool Synced => synced();

    public NetworkAttachmentDefinition? Nad(string @namespace, string name) =>
        nads.Get(new ObjectKey(@namespace, name)) is { } nad ? ToCore(nad) : null;

    /// <summary>Every pool but <paramref name="name"/> (the one under review, whose old version the cache may hold).</summary>
    public IEnumerable<IpPool> PoolsExcept(string name) =>
        pools.List().Where(p => p.Metadata.Name != name).Select(p => new IpPool(p.Metadata.Name, p.Spec));

    /// <summary>Every ClusterNetwork but <paramref name="name"/>.</summary>
    public IEnumerable<(string Name, ClusterNetworkSpec Spec)> NetworksExcept(string name) =>
        networks.List().Where(n => n.Metadata.Name != name).Select(n => (n.Metadata.Name, n.Spec));

    /// <summary>The namespaces holding NADs rendered by the network <paramref name="name"/>.</summary>
    public IEnumerable<string> NadNamespacesOf(string name) =>
        nads.ByIndex(Ownership.NetworkIndex, name).Select(n => n.Metadata.NamespaceProperty ?? "").Distinct(StringComparer.Ordinal);

    /// <summary>Links of the network <paramref name="name"/> that a node agent reports pods attached to: (node, link, pods).</summary>
    public IEnumerable<(string Node, string Link, int Pods)> AttachedLinksOf(string name) =>
        nodeStates.List()
            .SelectMany(s => (s.Status?.Links ?? []).Where(l => l.AttachedPods > 0 && l.Networks.Contains(name)).Select(l => (s.Metadata.Name ?? "", l.Name, l.AttachedPods)))
            .OrderBy(l => l.Item1, StringComparer.Ordinal);

    /// <summary>
    /// The link uses (section 9) of cached hand-written NADs whose config mentions <paramref name="master"/> (a substring
    /// test first, so only candidates are parsed), as ("NAD ns/name", use), the NAD <paramref name="except"/> left out.
    /// NADs rendered by a ClusterNetwork are left out too: their network's use (<see cref="NetworkLinkUsesExcept"/>)
    /// stands for all of them, so the scan grows with hand-written NADs, not with namespaces.
    /// </summary>
    public IEnumerable<(string Who, LinkUse Use)> NadLinkUses(string master, (string Namespace, string Name)? except = null) =>
        nads.List()
            .Where(n => n.Spec?.Config is { } config && config.Contains(master, StringComparison.Ordinal)
                && n.Metadata.Label(Ownership.NetworkLabel) is null
                && (n.Metadata.NamespaceProperty, n.Metadata.Name) != except)
            .SelectMany(n => LinkUses.FromConfig(n.Spec!.Config).Select(u => ($"NAD {n.Metadata.NamespaceProperty}/{n.Metadata.Name}", u)));

    /// <summary>The link uses of every ClusterNetwork but <paramref name="name"/> that renders a plugin on an existing master.</summary>
    public IEnumerable<(string Who, LinkUse Use)> NetworkLinkUsesExcept(string name) =>
        NetworksExcept(name).Select(n => (Who: $"ClusterNetwork {n.Name}", Use: LinkUses.FromNetwork(n.Spec))).Where(n => n.Use is not null).Select(n => (n.Who, n.Use!));

    public static NetworkAttachmentDefinition ToCore(NadResource nad) => new(
        nad.Metadata.NamespaceProperty ?? "", nad.Metadata.Name ?? "", nad.Spec?.Config, nad.Metadata.Annotation(NadResource.ResourceNameAnnotation));
}
