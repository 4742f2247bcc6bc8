using k8s.Models;
using Multi.Core.Networks;
using Multi.Runtime.Informers;

namespace Multi.Operator.Controllers.ClusterNetworks;

/// <summary>The namespaces a network is offered in now, and those its list names that do not exist (yet).</summary>
internal sealed record NamespaceTargets(IReadOnlySet<string> Namespaces, IReadOnlyList<string> Missing)
{
    public static NamespaceTargets Compute(ClusterNetworkSpec spec, IReadOnlyStore<V1Namespace> namespaces)
    {
        var targets = new SortedSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        if (spec.Namespaces is { } listed)
        {
            foreach (var name in listed.Distinct(StringComparer.Ordinal))
            {
                var ns = namespaces.Get(new(null, name));
                if (ns is null)
                {
                    missing.Add(name);
                }
                else if (IsActive(ns))
                {
                    targets.Add(name);
                }
            }
        }
        else if (spec.NamespaceSelector is { } selector)
        {
            foreach (var ns in namespaces.List())
            {
                if (IsActive(ns) && LabelSelectorMatcher.Matches(selector, AsReadOnly(ns.Metadata.Labels)))
                {
                    targets.Add(ns.Metadata.Name);
                }
            }
        }

        return new NamespaceTargets(targets, missing);
    }

    /// <summary>A terminating namespace refuses creates and is losing its NADs anyway.</summary>
    private static bool IsActive(V1Namespace ns) =>
        ns.Metadata.DeletionTimestamp is null && ns.Status?.Phase != "Terminating";

    private static IReadOnlyDictionary<string, string>? AsReadOnly(IDictionary<string, string>? labels) =>
        labels is null ? null : labels as IReadOnlyDictionary<string, string> ?? new Dictionary<string, string>(labels);
}
