namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>A link was deleted; <see cref="Link"/> is its last state.</summary>
internal sealed record LinkDeleted(LinkInfo Link) : LinkEvent;
