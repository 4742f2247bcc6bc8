namespace Multi.Sandbox.Local;

/// <summary>
/// A pod bound to the sandbox's node as its kubelet sees it for device allocation: identity, creation time (allocation
/// order) and the units of the device resource each container asks for (<c>resources.limits</c>, else <c>requests</c>),
/// containers in spec order.
/// </summary>
internal sealed record KubeletPod(string Uid, string Namespace, string Name, DateTimeOffset Created, IReadOnlyList<(string Container, int Units)> Requests)
{
    public int Units => Requests.Sum(r => r.Units);
}
