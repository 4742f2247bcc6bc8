using Multi.Operator.Entities;

namespace Multi.Operator.Controllers.ClusterNetworks;

/// <summary>One step of bringing a network's NADs in line; <see cref="Existing"/> is the cached object it was decided on.</summary>
internal sealed record NadChange(NadChangeKind Kind, string Namespace, NadResource? Existing);
