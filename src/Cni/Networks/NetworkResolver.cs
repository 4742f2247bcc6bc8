using Multi.Core.Cni;
using Multi.Core.Config;
using Multi.Core.Delegates;

namespace Multi.Cni.Networks;

/// <summary>
/// Turns the configuration into the attachment requests of one pod: the cluster network, then either
/// <c>delegates[1..]</c> or the resolved <c>defaultNetworks</c> (npwg-behaviour.md, sections 2 and 6).
/// </summary>
internal sealed class NetworkResolver(MetaPluginConfig config)
{
    public (AttachmentPlanner.Request Cluster, IReadOnlyList<AttachmentPlanner.Request> Secondaries) Resolve(string? podNamespace)
    {
        if (config.ClusterNetwork is { } cluster)
        {
            var secondaries = podNamespace is not null && config.SystemNamespaces.Contains(podNamespace)
                ? []
                : config.DefaultNetworks.Select(n => new AttachmentPlanner.Request(Reference(n), Origin(n))).ToList();
            return (new AttachmentPlanner.Request(Reference(cluster), Origin(cluster)), secondaries);
        }

        var delegates = config.Delegates.Select((_, i) => new AttachmentPlanner.Request(Inline(i), $"inline:delegates[{i}]")).ToList();
        return (delegates[0], delegates.Skip(1).ToList());
    }

    /// <summary>
    /// As <see cref="Resolve"/>, but each network on its own: one that cannot be resolved is reported to
    /// <paramref name="unresolved"/> and left out (DEL without a cache deletes what it can). Null cluster: unresolvable.
    /// </summary>
    public (AttachmentPlanner.Request? Cluster, IReadOnlyList<AttachmentPlanner.Request> Secondaries) ResolveEach(string? podNamespace, Action<string, CniError> unresolved)
    {
        AttachmentPlanner.Request? Try(string what, Func<AttachmentPlanner.Request> resolve)
        {
            try
            {
                return resolve();
            }
            catch (CniException ex)
            {
                unresolved(what, ex.Error);
                return null;
            }
        }

        if (config.ClusterNetwork is { } cluster)
        {
            var names = podNamespace is not null && config.SystemNamespaces.Contains(podNamespace) ? [] : config.DefaultNetworks;
            return (
                Try(cluster, () => new AttachmentPlanner.Request(Reference(cluster), Origin(cluster))),
                [.. names.Select(n => Try(n, () => new AttachmentPlanner.Request(Reference(n), Origin(n)))).OfType<AttachmentPlanner.Request>()]);
        }

        var inline = config.Delegates.Select((_, i) => Try($"delegates[{i}]", () => new AttachmentPlanner.Request(Inline(i), $"inline:delegates[{i}]"))).ToList();
        return (inline[0], [.. inline.Skip(1).OfType<AttachmentPlanner.Request>()]);
    }

    /// <summary>Every delegate network the configuration names, for GC; resolution errors are thrown.</summary>
    public IEnumerable<NetworkConfigList> All()
    {
        var (cluster, secondaries) = Resolve(podNamespace: null);
        return [cluster.Network, .. secondaries.Select(s => s.Network)];
    }

    /// <summary>Inline delegate <paramref name="index"/>, with the meta-plugin's version when it has none.</summary>
    public NetworkConfigList Inline(int index) => NetworkConfigParser.Parse(config.Delegates[index], config.CniVersion, $"delegates[{index}]").Unwrap();

    /// <summary>A value with '/' is a path; otherwise a file in confDir with that name (NADs are looked up first by <see cref="PodNetworkResolver"/>).</summary>
    public NetworkConfigList Reference(string value) => NetworkFiles.Guard(
        () => value.Contains('/', StringComparison.Ordinal)
            ? NetworkFiles.LoadPath(value, config.CniVersion)
            : NetworkFiles.FindByName(config.ConfDir, value, config.CniVersion),
        $"network \"{value}\"");

    public static string Origin(string value) => value.Contains('/', StringComparison.Ordinal) ? $"file:{value}" : $"confDir:{value}";
}
