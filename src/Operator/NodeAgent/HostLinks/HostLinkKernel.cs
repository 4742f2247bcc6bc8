using System.Net;
using Multi.Operator.NodeAgent.HostInterfaces;
using Multi.Operator.NodeAgent.Netlink;
using Planned = Multi.Operator.NodeAgent.HostInterfaces;
using Wire = Multi.Operator.NodeAgent.Netlink;

namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>
/// The planner's view of one network namespace over an <see cref="RtNetlinkSocket"/>: <see cref="Observe"/> dumps the
/// links, <see cref="Execute"/> carries out one <see cref="LinkAction"/> as one netlink request (a create also sets the
/// alias). Links are addressed by name and their index looked up at the time of the request, since a plan's earlier steps
/// create the links its later steps name. Refusals are <see cref="NetlinkException"/>s.
/// </summary>
internal sealed class HostLinkKernel(RtNetlinkSocket socket)
{
    public IReadOnlyList<ObservedLink> Observe() => ObservedLinks.From(socket.ListLinks());

    public void Execute(LinkAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        switch (action)
        {
            case LinkAction.Create create:
                socket.CreateLink(SpecOf(create));
                break;
            case LinkAction.Set set:
                socket.ChangeLink(ChangeOf(IndexOf(set.Name), set.Changes));
                break;
            case LinkAction.SetUp up:
                socket.ChangeLink(new LinkChange(IndexOf(up.Name)) { Up = true });
                break;
            case LinkAction.SetDown down:
                socket.ChangeLink(new LinkChange(IndexOf(down.Name)) { Up = false });
                break;
            case LinkAction.SetMaster master:
                socket.ChangeLink(new LinkChange(IndexOf(master.Name)) { MasterIndex = master.Master is { } m ? IndexOf(m) : 0 });
                break;
            case LinkAction.Delete delete:
                socket.DeleteLink(IndexOf(delete.Name));
                break;
            case LinkAction.Report:
                break;
            default:
                throw new ArgumentException($"unknown link action {action}", nameof(action));
        }
    }

    private int IndexOf(string name) =>
        socket.GetLink(name)?.Index ?? throw new NetlinkException($"link {name} not found (ENODEV): it vanished before the step that names it");

    private LinkSpec SpecOf(LinkAction.Create create)
    {
        var spec = create.Spec;
        int? parent = spec.Parent is { } p ? IndexOf(p) : null;
        return new LinkSpec(spec.Name, KindName(spec.Kind))
        {
            Mtu = create.Mtu is { } mtu ? (uint)mtu : null,
            Alias = create.Alias.Length == 0 ? null : create.Alias,
            ParentIndex = spec.Kind == LinkKind.Vlan ? parent : null,
            Vlan = spec.Vlan is { } vlan ? new Wire.VlanAttributes((ushort)vlan.Id, ProtocolOf(vlan.Protocol)) : null,
            Vxlan = spec.Vxlan is { } vxlan ? VxlanOf(vxlan, parent) : null,
        };
    }

    private static string KindName(LinkKind kind) => kind switch
    {
        LinkKind.Vlan => LinkKinds.Vlan,
        LinkKind.Vxlan => LinkKinds.Vxlan,
        LinkKind.Bridge => LinkKinds.Bridge,
        _ => throw new ArgumentException($"a link of kind {kind} cannot be created", nameof(kind)),
    };

    private static VlanProtocol ProtocolOf(string protocol) =>
        string.Equals(protocol, Multi.Core.Networks.VlanInterfaceSpec.Dot1Ad, StringComparison.OrdinalIgnoreCase) ? VlanProtocol.Dot1AD : VlanProtocol.Dot1Q;

    private static Wire.VxlanAttributes VxlanOf(Planned.VxlanAttributes vxlan, int? parent) => new((uint)vxlan.Vni, (ushort)vxlan.Port)
    {
        ParentIndex = parent,
        Local = vxlan.Local is { } local ? IPAddress.Parse(local) : null,
        Group = vxlan.Peer is { } peer ? IPAddress.Parse(peer) : null,
        Learning = vxlan.Learning,
        Ttl = vxlan.Ttl is { } ttl ? (byte)ttl : null,
        AgeingSeconds = vxlan.Ageing is { } ageing ? (uint)ageing : null,
        SourcePorts = vxlan.SourcePortLow is { } low && vxlan.SourcePortHigh is { } high ? new VxlanPortRange((ushort)low, (ushort)high) : null,
        UdpChecksum = vxlan.UdpChecksum,
    };

    private static LinkChange ChangeOf(int index, LinkChanges changes) => new(index)
    {
        Mtu = changes.Mtu is { } mtu ? (uint)mtu : null,
        Alias = changes.Alias,
        Vxlan = changes.Learning is null && changes.Ttl is null && changes.Ageing is null
            ? null
            : new VxlanChange { Learning = changes.Learning, Ttl = changes.Ttl is { } ttl ? (byte)ttl : null, AgeingSeconds = changes.Ageing is { } a ? (uint)a : null },
    };
}
