namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>Why a network's link is withheld on this node (a conflict with another network, an invalid name).</summary>
internal sealed record NetworkProblem(string Network, string Link, string Message)
{
    public override string ToString() => $"{Network}: {Message}";
}
