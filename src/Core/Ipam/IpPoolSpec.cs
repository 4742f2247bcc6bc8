namespace Multi.Core.Ipam;

/// <summary>
/// The spec of a <c>multi.dev/v1alpha1</c> IPPool (crds/multi.dev_ippools.yaml), as text exactly as stored. One pool is one
/// address family; dual-stack uses two pools. <see cref="IpPoolLayout.Create"/> turns it into allocatable addresses. The
/// collections take null as empty: source-generated JSON (the NativeAOT operator) sets an absent init-only member to null
/// rather than leaving its initializer.
/// </summary>
public sealed record IpPoolSpec
{
    /// <summary>The pool's prefix, host bits zero: <c>10.10.0.0/16</c>, <c>2001:db8:1::/64</c>.</summary>
    public required string Cidr { get; init; }

    /// <summary>Inclusive start/end pairs inside <see cref="Cidr"/>; when present, only their union is allocatable.</summary>
    public IReadOnlyList<IpRangeSpec> Ranges { get; init => field = value ?? []; } = [];

    /// <summary>Never allocated: CIDRs, single addresses or inclusive <c>start-end</c> spans inside <see cref="Cidr"/>.</summary>
    public IReadOnlyList<string> Exclude { get; init => field = value ?? []; } = [];

    /// <summary>The gateway put in results; inside <see cref="Cidr"/> and never allocated.</summary>
    public string? Gateway { get; init; }

    public IReadOnlyList<IpRouteSpec> Routes { get; init => field = value ?? []; } = [];

    public IpDnsSpec? Dns { get; init; }

    /// <summary>Label selector (equality only) of the nodes that may allocate from the pool; empty means every node.</summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();

    /// <summary>True when a node with <paramref name="labels"/> may allocate: every selector term has an equal label.</summary>
    public bool SelectsNode(IReadOnlyDictionary<string, string> labels) =>
        NodeSelector.All(term => labels.TryGetValue(term.Key, out var value) && value == term.Value);

    /// <summary>A StatefulSet pod that comes back with the same name gets its previous address when it is still free.</summary>
    public bool StickyAddresses { get; init; }
}
