using Multi.Operator.Entities;
using Multi.Runtime.Informers;

namespace Multi.Operator.Controllers;

/// <summary>
/// The NAD informer's transform: the object as served, less managedFields, with its repeated strings held once
/// (<see cref="MetadataCompaction"/>) — including the config, which a ClusterNetwork renders once for all its
/// namespaces. Every field a reader uses stays (the ClusterNetwork reconciler's drift check reads the config, the owner
/// label and annotations; validation the config and its verdict annotation; the webhook the config): 10,000 rendered
/// NADs cost about a third of what they cost decoded. One instance per informer; used only on that informer's loop.
/// </summary>
internal sealed class NadCacheEntry
{
    private readonly MetadataCompaction compaction = new();

    public object Trim(object obj)
    {
        compaction.Compact(obj);
        if (obj is NadResource { Spec: { } spec })
        {
            spec.Config = compaction.Shared.Share(spec.Config);
        }

        return obj;
    }
}
