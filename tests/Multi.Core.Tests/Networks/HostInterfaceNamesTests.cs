using System.Text;
using CsCheck;
using Multi.Core.Networks;
using Xunit;

namespace Multi.Core.Tests.Networks;

public sealed class HostInterfaceNamesTests
{
    [Theory]
    [InlineData("eth1", 100, null, "vlan|eth1|802.1Q", "vl100-512c")]
    [InlineData("eth1", 100, "802.1Q", "vlan|eth1|802.1Q", "vl100-512c")]
    [InlineData("enp175s0f1np1", 4094, "802.1ad", "vlan|enp175s0f1np1|802.1ad", "vl4094-6147")]
    public void Vlan_Identity_PinnedCanonicalStringAndName(string parent, int id, string? protocol, string identity, string name)
    {
        var vlan = new VlanInterfaceSpec { Parent = parent, Id = id, Protocol = protocol };

        Assert.Equal(identity, HostInterfaceNames.VlanIdentity(vlan));
        Assert.Equal(name, HostInterfaceNames.Vlan(vlan));
    }

    [Theory]
    [InlineData(16777215, null, null, null, null, "vxlan||4789|-", "vx16777215-2703")]
    [InlineData(42, "eth1", 4789, "239.1.1.1", null, "vxlan|eth1|4789|group=239.1.1.1", "vx42-1db7")]
    [InlineData(42, null, 4790, null, "2001:DB8:0::1", "vxlan||4790|remote=2001:db8::1", "vx42-62ca")]
    public void Vxlan_Identity_PinnedCanonicalStringAndName(int vni, string? parent, int? port, string? group, string? remote, string identity, string name)
    {
        var vxlan = new VxlanInterfaceSpec { Vni = vni, Parent = parent, Port = port, Group = group, Remote = remote };

        Assert.Equal(identity, HostInterfaceNames.VxlanIdentity(vxlan));
        Assert.Equal(name, HostInterfaceNames.Vxlan(vxlan));
    }

    [Theory]
    [InlineData("blue", null, "br-00ceb091af")]
    [InlineData("a.very.long.network.name", null, "br-6cadcf8bb9")]
    [InlineData("blue", "br-blue", "br-blue")]
    public void Bridge_NameOrDerived_ExplicitNameWins(string network, string? explicitName, string expected) =>
        Assert.Equal(expected, HostInterfaceNames.Bridge(network, new BridgeInterfaceSpec { Name = explicitName }));

    [Theory]
    [InlineData("""{"master":"eth1"}""", "eth1")]
    [InlineData("""{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":100}}}""", "vl100-512c")]
    [InlineData("""{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":100},"bridge":{}}}""", "br-00ceb091af")]
    [InlineData("""{"hostInterface":{"bridge":{"name":"br0"}}}""", "br0")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":16777215}}}""", "vx16777215-2703")]
    [InlineData("""{"type":"sriov","master":null}""", null)]
    public void ConsumedInterface_Spec_BridgeThenTaggedLinkThenMaster(string patch, string? expected) =>
        Assert.Equal(expected, HostInterfaceNames.ConsumedInterface("blue", Support.SampleNetworks.Spec(patch)));

    [Fact]
    public void Names_AnyIdentity_AtMost15BytesAndDeterministic()
    {
        var text = Gen.String[Gen.Char, 0, 40];
        Gen.Select(text, Gen.Int, Gen.Int.Nullable(), text, Gen.Int[0, 1]).Sample((parent, number, port, name, protocol) =>
        {
            var vlan = new VlanInterfaceSpec { Parent = parent, Id = number, Protocol = protocol == 0 ? null : "802.1ad" };
            var vxlan = new VxlanInterfaceSpec { Vni = number, Parent = parent, Port = port, Remote = name };
            var names = new[] { HostInterfaceNames.Vlan(vlan), HostInterfaceNames.Vxlan(vxlan), HostInterfaceNames.Bridge(name, new BridgeInterfaceSpec()) };

            Assert.All(names, n => Assert.InRange(Encoding.UTF8.GetByteCount(n), 1, 15));
            Assert.Equal(names[0], HostInterfaceNames.Vlan(vlan with { }));
            Assert.Equal(names[1], HostInterfaceNames.Vxlan(vxlan with { }));
            Assert.Equal(names[2], HostInterfaceNames.Bridge(name, new BridgeInterfaceSpec()));
        });
    }
}
