using Multi.Core.Networks;
using Xunit;

namespace Multi.Core.Tests.Networks;

public sealed class LinkClashesTests
{
    [Theory]
    [InlineData("""{"cniVersion":"1.0.0","type":"vlan","master":"eth1","vlanId":100}""", "vlan eth1 100 config")]
    [InlineData("""{"cniVersion":"1.0.0","plugins":[{"type":"tuning"},{"type":"macvlan","master":"eth2"},{"type":"ipvlan","master":"eth3"}]}""", "macvlan eth2 - plugins[1]|ipvlan eth3 - plugins[2]")]
    [InlineData("""{"cniVersion":"1.0.0","type":"vlan","master":"eth1"}""", "")]
    [InlineData("""{"cniVersion":"1.0.0","type":"macvlan"}""", "")]
    [InlineData("""{"cniVersion":"1.0.0","type":"bridge","master":"eth1"}""", "")]
    [InlineData("""{"type":"macvlan","master":""}""", "")]
    [InlineData("{not json macvlan", "")]
    [InlineData(null, "")]
    public void FromConfig_VlanMacvlanIpvlanWithMaster_Found(string? config, string expected) =>
        Assert.Equal(expected, string.Join("|", LinkUses.FromConfig(config).Select(u => $"{u.Type} {u.Master} {u.VlanId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {u.Plugin}")));

    [Fact]
    public void FromNetwork_OnlyPluginsOnAnExistingMaster()
    {
        Assert.Equal(new LinkUse("vlan", "eth1", 7, "spec"), LinkUses.FromNetwork(new ClusterNetworkSpec { Type = "vlan", Master = "eth1", VlanId = 7 }));
        Assert.Equal(new LinkUse("ipvlan", "eth1", null, "spec"), LinkUses.FromNetwork(new ClusterNetworkSpec { Type = "ipvlan", Master = "eth1" }));
        Assert.Null(LinkUses.FromNetwork(new ClusterNetworkSpec { Type = "macvlan", HostInterface = new HostInterfaceSpec { Vlan = new VlanInterfaceSpec { Parent = "eth1", Id = 7 } } }));
        Assert.Null(LinkUses.FromNetwork(new ClusterNetworkSpec { Type = "bridge", Master = "eth1" }));
    }

    [Fact]
    public void ManagedVlanOwners_SameParentAndId_Named()
    {
        var networks = new[]
        {
            ("b", new ClusterNetworkSpec { Type = "macvlan", HostInterface = new HostInterfaceSpec { Vlan = new VlanInterfaceSpec { Parent = "eth1", Id = 100 } } }),
            ("a", new ClusterNetworkSpec { Type = "bridge", HostInterface = new HostInterfaceSpec { Vlan = new VlanInterfaceSpec { Parent = "eth1", Id = 100 } } }),
            ("c", new ClusterNetworkSpec { Type = "macvlan", HostInterface = new HostInterfaceSpec { Vlan = new VlanInterfaceSpec { Parent = "eth2", Id = 100 } } }),
            ("d", new ClusterNetworkSpec { Type = "vlan", Master = "eth1", VlanId = 100 }),
        };

        Assert.Equal(["a", "b"], LinkClashes.ManagedVlanOwners(networks, "eth1", 100));
        Assert.Empty(LinkClashes.ManagedVlanOwners(networks, "eth1", 101));
    }

    [Fact]
    public void ParentTypeMix_OtherTypeOnTheSameMaster_OneWarningNamingThem()
    {
        var use = new LinkUse("ipvlan", "eth1", null, "config");
        var others = new[]
        {
            ("NAD apps/m", new LinkUse("macvlan", "eth1", null, "config")),
            ("NAD apps/m", new LinkUse("macvlan", "eth1", null, "plugins[1]")),
            ("ClusterNetwork n", new LinkUse("macvlan", "eth1", null, "spec")),
            ("NAD apps/other-parent", new LinkUse("macvlan", "eth2", null, "config")),
            ("NAD apps/same-type", new LinkUse("ipvlan", "eth1", null, "config")),
        };

        Assert.Equal(
            ["config: macvlan and ipvlan cannot share parent eth1, which ClusterNetwork n, NAD apps/m use with macvlan (ipvlan pods also cannot reach the host through their parent)"],
            LinkClashes.ParentTypeMix(use, others));
        Assert.Empty(LinkClashes.ParentTypeMix(new LinkUse("vlan", "eth1", 5, "config"), others));
    }
}
