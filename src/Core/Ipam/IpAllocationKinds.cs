namespace Multi.Core.Ipam;

/// <summary>
/// The kinds of claim (<c>spec.kind</c> of an IPAllocation, docs/ipam.md "Claims"). A claim without a kind is dynamic, so
/// claims written before the field existed keep their meaning.
/// </summary>
public static class IpAllocationKinds
{
    /// <summary>Chosen by the allocator; released on DEL and reclaimable once its owner is gone.</summary>
    public const string Dynamic = "dynamic";

    /// <summary>An address the attachment requested (the <c>ips</c> capability, <c>CNI_ARGS IP=</c> or the config).</summary>
    public const string Static = "static";

    /// <summary>Kept for a workload identity (a StatefulSet pod's name) across its pods.</summary>
    public const string Sticky = "sticky";

    /// <summary>Held by a node for itself; counts as allocated and belongs to no pod.</summary>
    public const string NodeReserved = "node-reserved";

    /// <summary>The four kinds, in the order of the CRD's enum.</summary>
    public static IReadOnlyList<string> All { get; } = [Dynamic, Static, Sticky, NodeReserved];

    /// <summary>
    /// The kind as stored: null or empty (a claim written without one) is <see cref="Dynamic"/>; any other text is returned as
    /// it is (the CRD's enum rejects unknown kinds, so one read from the API is one of the four).
    /// </summary>
    public static string Normalize(string? kind) => string.IsNullOrEmpty(kind) ? Dynamic : kind;
}
