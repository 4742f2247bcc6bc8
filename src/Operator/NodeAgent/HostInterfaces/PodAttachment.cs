namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// A pod attached on this node (from the meta-plugin's attachment cache): <see cref="Pod"/> as namespace/name, the
/// ClusterNetwork it came through and, when known, the host link its delegate named (master or bridge), which is what
/// still ties it to a link of a network that no longer exists.
/// </summary>
internal sealed record PodAttachment(string Pod, string Network, string? Interface = null);
