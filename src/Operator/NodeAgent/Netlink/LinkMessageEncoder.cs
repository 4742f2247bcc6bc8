namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// Writes rtnetlink link requests. Create and change requests ask for an acknowledgement (<c>NLM_F_ACK</c>), so success
/// and failure both come back as an <c>NLMSG_ERROR</c>; a get by index or name answers with one <c>RTM_NEWLINK</c> or an
/// error, a dump with <c>NLM_F_MULTI</c> messages ended by <c>NLMSG_DONE</c>.
/// </summary>
internal static partial class LinkMessageEncoder
{
    private const ushort AckedRequest = NetlinkFlags.Request | NetlinkFlags.Ack;

    public static void Create(NetlinkWriter writer, LinkSpec spec, uint sequence)
    {
        Validate(spec);
        writer.BeginMessage(NetlinkMessageType.NewLink, AckedRequest | NetlinkFlags.Create | NetlinkFlags.Exclusive, sequence);
        var up = spec.Up ? Ifla.InterfaceUp : 0u;
        writer.WriteInterfaceInfo(0, up, up);
        writer.WriteString(Ifla.IfName, spec.Name);
        WriteOptional(writer, spec.Mtu, spec.ParentIndex, spec.MasterIndex, spec.Alias);
        if (spec.Mac is not null)
        {
            writer.WriteAttribute(Ifla.Address, spec.Mac.GetAddressBytes());
        }

        var linkInfo = writer.BeginNested(Ifla.LinkInfo);
        writer.WriteString(IflaInfo.Kind, spec.Kind);
        if (spec.Vlan is not null)
        {
            WriteVlan(writer, spec.Vlan);
        }
        else if (spec.Vxlan is not null)
        {
            WriteVxlan(writer, spec.Vxlan);
        }

        writer.EndNested(linkInfo);
        writer.EndMessage();
    }

    public static void Change(NetlinkWriter writer, LinkChange change, uint sequence)
    {
        ValidateIndex(change.Index);
        if (change.Name is not null)
        {
            ValidateName(change.Name);
        }

        ValidateAlias(change.Alias);
        writer.BeginMessage(NetlinkMessageType.NewLink, AckedRequest, sequence);
        writer.WriteInterfaceInfo(change.Index, change.Up == true ? Ifla.InterfaceUp : 0u, change.Up is null ? 0u : Ifla.InterfaceUp);
        if (change.Name is not null)
        {
            writer.WriteString(Ifla.IfName, change.Name);
        }

        WriteOptional(writer, change.Mtu, null, change.MasterIndex, change.Alias);
        if (change.Vxlan is { } vxlan)
        {
            var linkInfo = writer.BeginNested(Ifla.LinkInfo);
            writer.WriteString(IflaInfo.Kind, LinkKinds.Vxlan);
            var data = writer.BeginNested(IflaInfo.Data);
            WriteVxlanOptional(writer, new VxlanAttributes(0, 0) { Learning = vxlan.Learning, Ttl = vxlan.Ttl, AgeingSeconds = vxlan.AgeingSeconds });
            writer.EndNested(data);
            writer.EndNested(linkInfo);
        }

        writer.EndMessage();
    }

    public static void Delete(NetlinkWriter writer, int index, uint sequence)
    {
        ValidateIndex(index);
        writer.BeginMessage(NetlinkMessageType.DelLink, AckedRequest, sequence);
        writer.WriteInterfaceInfo(index, 0, 0);
        writer.EndMessage();
    }

    public static void Get(NetlinkWriter writer, int index, uint sequence)
    {
        ValidateIndex(index);
        writer.BeginMessage(NetlinkMessageType.GetLink, NetlinkFlags.Request, sequence);
        writer.WriteInterfaceInfo(index, 0, 0);
        writer.EndMessage();
    }

    public static void Get(NetlinkWriter writer, string name, uint sequence)
    {
        ValidateName(name);
        writer.BeginMessage(NetlinkMessageType.GetLink, NetlinkFlags.Request, sequence);
        writer.WriteInterfaceInfo(0, 0, 0);
        writer.WriteString(Ifla.IfName, name);
        writer.EndMessage();
    }

    public static void Dump(NetlinkWriter writer, uint sequence)
    {
        writer.BeginMessage(NetlinkMessageType.GetLink, NetlinkFlags.Request | NetlinkFlags.Dump, sequence);
        writer.WriteInterfaceInfo(0, 0, 0);
        writer.EndMessage();
    }

    private static void WriteOptional(NetlinkWriter writer, uint? mtu, int? parentIndex, int? masterIndex, string? alias)
    {
        if (mtu is { } m)
        {
            writer.WriteUInt32(Ifla.Mtu, m);
        }

        if (parentIndex is { } parent)
        {
            writer.WriteUInt32(Ifla.Link, (uint)parent);
        }

        if (masterIndex is { } master)
        {
            writer.WriteUInt32(Ifla.Master, (uint)master);
        }

        if (alias is not null)
        {
            // Not NUL-terminated, as iproute2 sends it: an empty value clears the alias.
            writer.WriteAttribute(Ifla.IfAlias, System.Text.Encoding.UTF8.GetBytes(alias));
        }
    }

    private static void WriteVlan(NetlinkWriter writer, VlanAttributes vlan)
    {
        var data = writer.BeginNested(IflaInfo.Data);
        writer.WriteUInt16(IflaVlan.Id, vlan.Id);
        writer.WriteBigEndianUInt16(IflaVlan.Protocol, (ushort)vlan.Protocol);
        writer.EndNested(data);
    }
}
