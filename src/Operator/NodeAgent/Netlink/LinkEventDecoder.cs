namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>Turns one datagram received on an <c>RTNLGRP_LINK</c> subscription into typed events.</summary>
internal static class LinkEventDecoder
{
    /// <summary>Appends the datagram's link events to <paramref name="events"/>; other message types are ignored.</summary>
    public static void Decode(ReadOnlySpan<byte> datagram, ICollection<LinkEvent> events)
    {
        var frames = new NetlinkFrameReader(datagram);
        while (frames.MoveNext())
        {
            switch (frames.Header.Type)
            {
                case NetlinkMessageType.NewLink:
                    events.Add(new LinkChanged(LinkMessageDecoder.Decode(frames.Payload)));
                    break;
                case NetlinkMessageType.DelLink:
                    events.Add(new LinkDeleted(LinkMessageDecoder.Decode(frames.Payload)));
                    break;
                case NetlinkMessageType.Overrun:
                    events.Add(new LinkEventsLost("the kernel reported NLMSG_OVERRUN"));
                    break;
                default:
                    break;
            }
        }
    }
}
