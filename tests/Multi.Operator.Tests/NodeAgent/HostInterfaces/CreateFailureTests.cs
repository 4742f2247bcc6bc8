using Multi.Core.Networks;
using Multi.Operator.NodeAgent.HostInterfaces;
using static Multi.Operator.Tests.NodeAgent.HostInterfaces.HostLinkFixtures;

namespace Multi.Operator.Tests.NodeAgent.HostInterfaces;

public sealed class CreateFailureTests
{
    private static LinkAction.Create CreateOf(ClusterNetworkSpec spec) =>
        HostLinkPlanner.Plan(Desired(("a", spec)), [Nic("eth1", 3)], []).Actions.OfType<LinkAction.Create>().Single();

    [Theory]
    [InlineData("vlan", 16, false, "Clash", "VLAN 100 (802.1Q) on eth1 is held in another network namespace by a pod's VLAN (the CNI vlan plugin); the kernel allows one, so vl100-512c is not created")]
    [InlineData("vlan", 17, false, "Clash", "VLAN 100 (802.1Q) on eth1 is held in another network namespace by a pod's VLAN (the CNI vlan plugin); the kernel allows one, so vl100-512c is not created")]
    [InlineData("vxlan", 17, false, "Clash", "VXLAN 42 port 4790 is held in another network namespace by a VXLAN device; the kernel allows one, so vx42-62ca is not created")]
    [InlineData("vlan", 17, true, "Degraded", "create vlan vl100-512c on eth1 mtu 1500 failed: errno 17")]
    [InlineData("vlan", 1, false, "Degraded", "create vlan vl100-512c on eth1 mtu 1500 failed: errno 1")]
    public void Classify_ExistsOrBusyWithoutAVisibleHolder_ClashWithAPodSideLink(string kind, int errno, bool visible, string state, string message)
    {
        var create = CreateOf(kind == "vlan" ? Vlan("eth1", 100) : Vxlan(new VxlanInterfaceSpec { Vni = 42, Port = 4790, Remote = "2001:DB8:0::1" }));
        ObservedLink[] observed = visible ? [Nic("eth1", 3), new ObservedLink("vl100-512c", 9, LinkKind.Vlan)] : [Nic("eth1", 3)];

        var (actualState, actualMessage) = CreateFailure.Classify(create, errno, observed);

        Assert.Equal(state, actualState.ToString());
        Assert.Equal(message, actualMessage);
    }
}
