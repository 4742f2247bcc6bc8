using System.Collections.Immutable;
using Multi.Core.Cni;
using Multi.Core.State;

namespace Multi.Core.Delegates;

/// <summary>A runtime- or delegate-level attachment key, as in <c>cni.dev/valid-attachments</c>.</summary>
public sealed record AttachmentKey(string ContainerId, string IfName);

/// <summary>
/// What GC must do (cni-protocol.md, section 11): the stale cache entries to delete, and for each delegate
/// network its own list of valid delegate-level attachments. <see cref="Complete"/> is false when a valid
/// runtime attachment has no readable cache entry: the lists would then be incomplete and must not be sent.
/// </summary>
public sealed record GcPlan(
    ImmutableArray<AttachmentCacheEntry> Stale,
    ImmutableArray<NetworkConfigList> Networks,
    ImmutableDictionary<string, ImmutableArray<AttachmentKey>> ValidPerNetwork,
    ImmutableArray<AttachmentKey> MissingEntries)
{
    public bool Complete => MissingEntries.IsEmpty;

    public ImmutableArray<AttachmentKey> ValidFor(string networkName) =>
        ValidPerNetwork.TryGetValue(networkName, out var list) ? list : [];
}

public static class GcPlanner
{
    /// <param name="valid">The runtime's still-valid attachments of this meta network.</param>
    /// <param name="entries">Every readable cache entry of this meta network.</param>
    /// <param name="configured">Delegate networks known from the configuration.</param>
    public static GcPlan Plan(IReadOnlyCollection<AttachmentKey> valid, IReadOnlyCollection<AttachmentCacheEntry> entries, IEnumerable<NetworkConfigList> configured)
    {
        var validSet = valid.ToHashSet();
        var stale = entries.Where(e => !validSet.Contains(new AttachmentKey(e.ContainerId, e.IfName))).ToImmutableArray();
        var live = entries.Where(e => validSet.Contains(new AttachmentKey(e.ContainerId, e.IfName))).ToList();
        var missing = valid.Where(k => !live.Any(e => e.ContainerId == k.ContainerId && e.IfName == k.IfName)).ToImmutableArray();

        var perNetwork = new Dictionary<string, List<AttachmentKey>>(StringComparer.Ordinal);
        var networks = new Dictionary<string, NetworkConfigList>(StringComparer.Ordinal);
        foreach (var network in configured)
        {
            networks.TryAdd(network.Name, network);
        }

        foreach (var entry in live)
        {
            foreach (var attachment in entry.Attachments.Where(a => a.State is AttachmentState.Added or AttachmentState.Pending))
            {
                networks.TryAdd(attachment.Network.Name, attachment.Network);
                if (!perNetwork.TryGetValue(attachment.Network.Name, out var list))
                {
                    perNetwork[attachment.Network.Name] = list = [];
                }

                list.Add(new AttachmentKey(entry.ContainerId, attachment.IfName));
            }
        }

        var gcNetworks = networks.Values
            .Where(n => !n.DisableGc && CniVersion.AtLeast(n.CniVersion, CniVersion.V110))
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToImmutableArray();
        return new GcPlan(
            stale,
            gcNetworks,
            perNetwork.ToImmutableDictionary(p => p.Key, p => p.Value.Distinct().ToImmutableArray(), StringComparer.Ordinal),
            missing);
    }
}
