namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// Events were lost (the kernel reported <c>ENOBUFS</c>, the subscriber's queue was full, or a notification could not be
/// decoded): the receiver's picture is stale and it must resynchronise from a full dump.
/// </summary>
internal sealed record LinkEventsLost(string Reason) : LinkEvent;
