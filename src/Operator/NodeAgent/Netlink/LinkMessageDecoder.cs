using System.Net.NetworkInformation;
using System.Runtime.InteropServices;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// Reads the payload of an <c>RTM_NEWLINK</c>/<c>RTM_DELLINK</c> message (reply, dump entry, notification, or a request
/// this codec wrote) into a <see cref="LinkInfo"/>. Unknown attributes are skipped; malformed ones are a
/// <see cref="NetlinkDecodeException"/> naming the link and attribute.
/// </summary>
internal static partial class LinkMessageDecoder
{
    private const int InterfaceInfoSize = 16;

    public static LinkInfo Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < InterfaceInfoSize)
        {
            throw new NetlinkDecodeException($"link message of {payload.Length} payload bytes, shorter than ifinfomsg (16)");
        }

        var index = MemoryMarshal.Read<int>(payload[4..]);
        var flags = MemoryMarshal.Read<uint>(payload[8..]);
        var link = new LinkInfo(index, string.Empty) { Flags = flags };
        string? name = null;
        var attributes = new RtAttributeReader(payload[InterfaceInfoSize..], $"link {index}");
        while (attributes.MoveNext())
        {
            link = attributes.Type switch
            {
                Ifla.IfName => link with { Name = name = attributes.String() },
                Ifla.Mtu => link with { Mtu = attributes.UInt32("IFLA_MTU") },
                Ifla.Link => link with { ParentIndex = attributes.Int32("IFLA_LINK") },
                Ifla.LinkNetnsId => link with { ParentNetnsId = attributes.Int32("IFLA_LINK_NETNSID") },
                Ifla.Master => link with { MasterIndex = attributes.Int32("IFLA_MASTER") },
                Ifla.OperState => link with { OperState = (LinkOperState)attributes.Byte("IFLA_OPERSTATE") },
                Ifla.IfAlias => link with { Alias = attributes.String() },
                Ifla.Address => link with { Mac = new PhysicalAddress(attributes.Value.ToArray()) },
                Ifla.LinkInfo => DecodeLinkInfo(link, attributes.Nested("IFLA_LINKINFO")),
                _ => link,
            };
        }

        return name is null
            ? throw new NetlinkDecodeException($"link {index}: message has no IFLA_IFNAME")
            : link;
    }

    private static LinkInfo DecodeLinkInfo(LinkInfo link, RtAttributeReader info)
    {
        string? kind = null;
        var data = ReadOnlySpan<byte>.Empty;
        var hasData = false;
        while (info.MoveNext())
        {
            if (info.Type == IflaInfo.Kind)
            {
                kind = info.String();
            }
            else if (info.Type == IflaInfo.Data)
            {
                data = info.Value;
                hasData = true;
            }
        }

        link = link with { Kind = kind };
        if (!hasData)
        {
            return link;
        }

        var context = $"link {link.Index}/IFLA_INFO_DATA";
        return kind switch
        {
            LinkKinds.Vlan => link with { Vlan = DecodeVlan(new RtAttributeReader(data, context)) },
            LinkKinds.Vxlan => link with { Vxlan = DecodeVxlan(new RtAttributeReader(data, context)) },
            _ => link,
        };
    }

    private static VlanAttributes DecodeVlan(RtAttributeReader data)
    {
        var vlan = new VlanAttributes(0);
        while (data.MoveNext())
        {
            vlan = data.Type switch
            {
                IflaVlan.Id => vlan with { Id = data.UInt16("IFLA_VLAN_ID") },
                IflaVlan.Protocol => vlan with { Protocol = (VlanProtocol)data.BigEndianUInt16("IFLA_VLAN_PROTOCOL") },
                _ => vlan,
            };
        }

        return vlan;
    }
}
