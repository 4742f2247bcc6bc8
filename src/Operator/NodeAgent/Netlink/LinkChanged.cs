namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>A link was created or changed; <see cref="Link"/> is its state after the change.</summary>
internal sealed record LinkChanged(LinkInfo Link) : LinkEvent;
