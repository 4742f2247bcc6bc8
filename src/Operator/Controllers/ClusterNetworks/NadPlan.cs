using Multi.Core.Networks;
using Multi.Operator.Entities;
using Multi.Runtime.Informers;

namespace Multi.Operator.Controllers.ClusterNetworks;

/// <summary>
/// The difference between the NADs a network wants (one per target namespace, named as the network) and those in the
/// cache: pure, so the reconciler's decisions are table-tested. NADs in sync produce no change.
/// </summary>
internal sealed record NadPlan(IReadOnlyList<NadChange> Changes, int InSync)
{
    public IEnumerable<NadChange> Conflicts => Changes.Where(c => c.Kind == NadChangeKind.Conflict);

    public static NadPlan Compute(ClusterNetwork network, RenderedNad rendered, IReadOnlySet<string> targets, IReadOnlyStore<NadResource> nads)
    {
        var name = network.Metadata.Name;
        var changes = new List<NadChange>();
        var inSync = 0;
        foreach (var ns in targets)
        {
            var existing = nads.Get(new(ns, name));
            if (existing is null)
            {
                changes.Add(new(NadChangeKind.Create, ns, null));
            }
            else if (!Ownership.IsRenderedBy(existing.Metadata, name))
            {
                changes.Add(new(NadChangeKind.Conflict, ns, existing));
            }
            else if (NadRendering.Differs(existing, network, rendered))
            {
                changes.Add(new(NadChangeKind.Update, ns, existing));
            }
            else
            {
                inSync++;
            }
        }

        foreach (var owned in nads.ByIndex(Ownership.NetworkIndex, name))
        {
            if (!targets.Contains(owned.Metadata.NamespaceProperty))
            {
                changes.Add(new(NadChangeKind.Delete, owned.Metadata.NamespaceProperty, owned));
            }
        }

        return new NadPlan(changes, inSync);
    }
}
