using Multi.Core.Networks;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Networks;

public sealed class ClusterNetworkSetChecksTests
{
    private const string Vlan = """{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":100}}}""";
    private const string Vxlan = """{"master":null,"hostInterface":{"vxlan":{"vni":7}}}""";

    [Theory]
    [InlineData(Vlan, Vlan)]
    [InlineData(Vlan, """{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":101,"protocol":"802.1ad"}}}""")]
    [InlineData(Vlan, """{"master":null,"hostInterface":{"vlan":{"parent":"eth2","id":100,"protocol":"802.1ad"}}}""")]
    [InlineData(Vlan, """{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":100,"protocol":"802.1Q"}}}""")]
    [InlineData("""{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":100},"bridge":{"name":"br9"}}}""", """{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":100},"bridge":{"name":"br9"}}}""")]
    [InlineData("""{"master":null,"nodeSelector":{"zone":"a"},"hostInterface":{"vlan":{"parent":"eth1","id":100},"mtu":1400}}""", """{"master":null,"nodeSelector":{"zone":"b"},"hostInterface":{"vlan":{"parent":"eth1","id":100},"mtu":1500}}""")]
    [InlineData(Vxlan, """{"master":null,"hostInterface":{"vxlan":{"vni":7,"port":4790,"ttl":3}}}""")]
    [InlineData(Vxlan, """{"master":null,"hostInterface":{"vxlan":{"vni":7,"port":4789}}}""")]
    [InlineData(Vlan, "{}")]
    public void Conflicts_AgreeingOrDistinctLinks_None(string first, string second) =>
        Assert.Empty(ClusterNetworkSetChecks.Conflicts([("a", SampleNetworks.Spec(first)), ("b", SampleNetworks.Spec(second))]));

    [Theory]
    [InlineData(Vlan, """{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":100},"mtu":1400}}""", "a and b both use VLAN 100 on eth1 but differ in mtu (unset) vs \"1400\"")]
    [InlineData(Vlan, """{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":100},"bridge":{}}}""", "a and b both use VLAN 100 on eth1 but differ in bridge (unset) vs \"br-298b1bc2b2\"")]
    [InlineData(Vxlan, """{"master":null,"hostInterface":{"vxlan":{"vni":7,"remote":"10.0.0.2","ttl":5}}}""", "a and b both use VXLAN 7 port 4789 but differ in remote (unset) vs \"10.0.0.2\", ttl (unset) vs \"5\"")]
    [InlineData("""{"master":null,"nodeSelector":{"zone":"a"},"hostInterface":{"vlan":{"parent":"eth1","id":100}}}""", """{"master":null,"nodeSelector":{"rack":"r1"},"hostInterface":{"vlan":{"parent":"eth1","id":100},"mtu":9000}}""", "a and b both use VLAN 100 on eth1 but differ in mtu (unset) vs \"9000\"")]
    public void Conflicts_SameLinkDifferentSettings_Reported(string first, string second, string message)
    {
        var conflict = Assert.Single(ClusterNetworkSetChecks.Conflicts([("a", SampleNetworks.Spec(first)), ("b", SampleNetworks.Spec(second))]));

        Assert.Equal(("a", "b", message), (conflict.First, conflict.Second, conflict.Message));
    }
}
