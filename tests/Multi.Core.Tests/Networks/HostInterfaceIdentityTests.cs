using System.Text.Json;
using Multi.Core.Networks;
using Xunit;

namespace Multi.Core.Tests.Networks;

public sealed class HostInterfaceIdentityTests
{
    private const string Vlan = """{"vlan":{"parent":"eth1","id":100},"mtu":1400}""";
    private const string Vxlan = """{"vxlan":{"vni":42,"parent":"eth1","group":"239.1.1.1","local":"10.0.0.1"},"bridge":{}}""";

    [Theory]
    [InlineData(Vlan, Vlan)]
    [InlineData(Vlan, """{"vlan":{"parent":"eth1","id":100},"mtu":1500}""")]
    [InlineData(Vlan, """{"vlan":{"parent":"eth1","id":100,"protocol":"802.1Q"}}""")]
    [InlineData(Vxlan, """{"vxlan":{"vni":42,"parent":"eth1","port":4789,"group":"239.1.1.1","local":"10.0.0.1","ttl":9,"learning":false},"bridge":{},"mtu":1400}""")]
    [InlineData(null, Vlan)]
    [InlineData(null, null)]
    public void Changes_SameLinkOrOnlyMtuAndTuning_None(string? before, string? after) =>
        Assert.Empty(HostInterfaceIdentity.Changes(Spec(before), Spec(after)));

    [Theory]
    [InlineData(Vlan, """{"vlan":{"parent":"eth2","id":100}}""", "spec.hostInterface.vlan.parent (\"eth1\" → \"eth2\")")]
    [InlineData(Vlan, """{"vlan":{"parent":"eth1","id":200}}""", "spec.hostInterface.vlan.id (\"100\" → \"200\")")]
    [InlineData(Vlan, """{"vlan":{"parent":"eth1","id":100,"protocol":"802.1ad"}}""", "spec.hostInterface.vlan.protocol (\"802.1Q\" → \"802.1ad\")")]
    [InlineData(Vlan, null, "spec.hostInterface (removed)")]
    [InlineData(Vlan, Vxlan, "spec.hostInterface.vlan (removed), spec.hostInterface.vxlan (added), spec.hostInterface.bridge (added)")]
    [InlineData(Vxlan, """{"vxlan":{"vni":43,"parent":"eth1","group":"239.1.1.1","local":"10.0.0.1"},"bridge":{}}""", "spec.hostInterface.vxlan.vni (\"42\" → \"43\")")]
    [InlineData(Vxlan, """{"vxlan":{"vni":42,"group":"239.1.1.1","local":"10.0.0.1"},"bridge":{}}""", "spec.hostInterface.vxlan.parent (\"eth1\" → absent)")]
    [InlineData(Vxlan, """{"vxlan":{"vni":42,"parent":"eth1","port":8472,"group":"239.1.1.1","local":"10.0.0.1"},"bridge":{}}""", "spec.hostInterface.vxlan.port (\"4789\" → \"8472\")")]
    [InlineData(Vxlan, """{"vxlan":{"vni":42,"parent":"eth1","remote":"10.0.0.2","local":"10.0.0.1"},"bridge":{}}""", "spec.hostInterface.vxlan.group (\"239.1.1.1\" → absent), spec.hostInterface.vxlan.remote (absent → \"10.0.0.2\")")]
    [InlineData(Vxlan, """{"vxlan":{"vni":42,"parent":"eth1","group":"239.1.1.1"},"bridge":{}}""", "spec.hostInterface.vxlan.local (\"10.0.0.1\" → absent)")]
    [InlineData(Vxlan, """{"vxlan":{"vni":42,"parent":"eth1","group":"239.1.1.1","local":"10.0.0.1"},"bridge":{"name":"br-tenant"}}""", "spec.hostInterface.bridge.name (absent → \"br-tenant\")")]
    [InlineData(Vxlan, """{"vxlan":{"vni":42,"parent":"eth1","group":"239.1.1.1","local":"10.0.0.1"}}""", "spec.hostInterface.bridge (removed)")]
    public void Changes_IdentityAttribute_NamedWithBothValues(string before, string? after, string expected) =>
        Assert.Equal(expected, string.Join(", ", HostInterfaceIdentity.Changes(Spec(before), Spec(after))));

    private static ClusterNetworkSpec Spec(string? hostInterface) => new()
    {
        Type = "macvlan",
        HostInterface = hostInterface is null ? null : JsonSerializer.Deserialize<HostInterfaceSpec>(hostInterface),
    };
}
