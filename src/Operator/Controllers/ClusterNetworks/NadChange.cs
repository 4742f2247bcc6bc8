using Multi.Operator.Entities;

namespace Multi.Operator.Controllers.ClusterNetworks;

internal enum NadChangeKind
{
    Create,
    Update,
    Delete,

    /// <summary>A NAD of that name exists and was not rendered by this network: reported, never touched.</summary>
    Conflict,
}

/// <summary>One step of bringing a network's NADs in line; <see cref="Existing"/> is the cached object it was decided on.</summary>
internal sealed record NadChange(NadChangeKind Kind, string Namespace, NadResource? Existing);
