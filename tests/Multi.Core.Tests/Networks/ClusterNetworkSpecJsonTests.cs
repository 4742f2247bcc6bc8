using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Networks;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Networks;

public sealed class ClusterNetworkSpecJsonTests
{
    private const string Full = """
        {"type":"bridge","hostInterface":{"vlan":{"parent":"eth1","id":100,"protocol":"802.1ad"},"bridge":{"name":"br-x"},"mtu":1500},
         "mode":"bridge","mtu":1400,"vlanId":5,"resourceName":"a.io/b","cniVersion":"1.1.0",
         "ipam":{"pool":{"cidr":"10.0.0.0/24","ranges":[{"start":"10.0.0.10","end":"10.0.0.20"}],"exclude":["10.0.0.15"],"gateway":"10.0.0.1",
           "routes":[{"dst":"0.0.0.0/0","gw":"10.0.0.1"}],"dns":{"nameservers":["10.0.0.53"],"domain":"x.local","search":[],"options":[]},"nodeSelector":{"a":"b"},"stickyAddresses":true}},
         "namespaceSelector":{"matchLabels":{"k":"v"},"matchExpressions":[{"key":"e","operator":"In","values":["x"]}]},
         "nodeSelector":{"kubernetes.io/os":"linux"}}
        """;

    private const string Vxlan = """
        {"type":"macvlan","hostInterface":{"vxlan":{"vni":9,"parent":"eth0","port":4790,"group":"239.1.1.1","local":"10.0.0.1","learning":true,"ttl":4,"ageing":300,"sourcePortLow":1,"sourcePortHigh":2,"udpChecksum":false}},
         "ipam":{"raw":{"type":"dhcp","x":[1,{"y":null}]}},"namespaces":["a","b"]}
        """;

    [Theory]
    [InlineData(Full)]
    [InlineData(Vxlan)]
    [InlineData("""{"type":"sriov","resourceName":"a.io/b","ipam":{"poolRef":"p"},"namespaceSelector":{}}""")]
    public void RoundTrip_WebDefaultsReflection_EqualsInput(string json)
    {
        var spec = JsonSerializer.Deserialize<ClusterNetworkSpec>(json, SampleNetworks.Web)!;

        var written = JsonSerializer.SerializeToNode(spec, new JsonSerializerOptions(SampleNetworks.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), written), written!.ToJsonString());
    }

    [Theory]
    [InlineData(Full)]
    [InlineData(Vxlan)]
    public void RoundTrip_SourceGenerated_SameAsReflection(string json)
    {
        var generated = JsonSerializer.SerializeToNode(SampleNetworks.Parse(json), NetworkJsonContext.Default.ClusterNetworkSpec);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), generated), generated!.ToJsonString());
    }

    [Fact]
    public void Deserialize_PlainDefaultOptions_ReadsCamelCase()
    {
        var spec = JsonSerializer.Deserialize<ClusterNetworkSpec>("""{"type":"vlan","vlanId":3,"hostInterface":{"vxlan":{"vni":4}}}""")!;

        Assert.Equal(("vlan", 3, 4), (spec.Type, spec.VlanId, spec.HostInterface!.Vxlan!.Vni));
    }
}
