namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// What an <c>RTNLGRP_LINK</c> subscription delivers: <see cref="LinkChanged"/> (an <c>RTM_NEWLINK</c>: created or
/// changed, the kernel does not tell which), <see cref="LinkDeleted"/>, or <see cref="LinkEventsLost"/> when events were
/// dropped and the receiver must list all links again.
/// </summary>
internal abstract record LinkEvent;
