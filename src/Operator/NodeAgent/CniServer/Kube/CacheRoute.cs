using Multi.Core.Nad;
using Multi.Operator.Entities;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>
/// An API path the engine uses, read as the cache it can be answered from: a pod, one NAD, a namespace's NADs, an IPPool, a
/// node, or a namespace's events (for a POST). A path with a query string, a subresource or anything else is <see cref="CacheKind.None"/>.
/// </summary>
internal readonly record struct CacheRoute(CacheKind Kind, string Namespace, string Name)
{
    private static readonly CacheRoute NotCached = new(CacheKind.None, "", "");

    public static CacheRoute Parse(string path)
    {
        if (path.Contains('?', StringComparison.Ordinal))
        {
            return NotCached;
        }

        var s = path.Split('/');
        return s.Length switch
        {
            // "", api, v1, nodes, {name}
            5 when s[1] == "api" && s[2] == "v1" && s[3] == "nodes" => Named(CacheKind.Node, "", s[4]),
            // "", apis, multi.dev, v1alpha1, ippools, {name}
            6 when Is(s, IpPoolResource.Group, IpPoolResource.Version) && s[4] == IpPoolResource.Plural => Named(CacheKind.Pool, "", s[5]),
            // "", api, v1, namespaces, {ns}, pods | events, {name}?
            6 when s[1] == "api" && s[2] == "v1" && s[3] == "namespaces" && s[5] == "events" => Named(CacheKind.Events, s[4], ""),
            7 when s[1] == "api" && s[2] == "v1" && s[3] == "namespaces" && s[5] == "pods" => Named(CacheKind.Pod, s[4], s[6]),
            // "", apis, k8s.cni.cncf.io, v1, namespaces, {ns}, network-attachment-definitions, {name}?
            7 when IsNads(s) => Named(CacheKind.NadList, s[5], ""),
            8 when IsNads(s) => Named(CacheKind.Nad, s[5], s[7]),
            _ => NotCached,
        };
    }

    private static bool Is(string[] s, string group, string version) => s[1] == "apis" && s[2] == group && s[3] == version;

    private static bool IsNads(string[] s) =>
        Is(s, NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version) && s[4] == "namespaces" && s[6] == NetworkAttachmentDefinition.Plural;

    private static CacheRoute Named(CacheKind kind, string ns, string name)
    {
        var (n, m) = (Uri.UnescapeDataString(ns), Uri.UnescapeDataString(name));
        return (kind is CacheKind.Events or CacheKind.NadList ? n.Length > 0 : m.Length > 0) && (kind is CacheKind.Node or CacheKind.Pool || n.Length > 0)
            ? new CacheRoute(kind, n, m)
            : NotCached;
    }
}
