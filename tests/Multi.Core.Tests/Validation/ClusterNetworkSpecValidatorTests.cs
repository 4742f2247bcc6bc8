using Multi.Core.Tests.Support;
using Multi.Core.Validation;
using Xunit;

namespace Multi.Core.Tests.Validation;

public sealed class ClusterNetworkSpecValidatorTests
{
    private static readonly ClusterNetworkSpecValidator Validator = new();

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"mode":"passthru","mtu":68,"cniVersion":"0.3.1"}""")]
    [InlineData("""{"type":"ipvlan","mode":"l3","mtu":65535}""")]
    [InlineData("""{"type":"vlan","vlanId":4094}""")]
    [InlineData("""{"type":"vlan","vlanId":1,"master":null,"hostInterface":{"vlan":{"parent":"bond0","id":10}}}""")]
    [InlineData("""{"type":"bridge","master":"br0","vlanId":1}""")]
    [InlineData("""{"type":"bridge","master":null,"hostInterface":{"vxlan":{"vni":1,"parent":"eth0","group":"239.0.0.1","local":"10.0.0.1"},"bridge":{"name":"br-x"},"mtu":1450}}""")]
    [InlineData("""{"type":"bridge","hostInterface":{"bridge":{}}}""")]
    [InlineData("""{"type":"host-device","master":"ens5f1"}""")]
    [InlineData("""{"type":"sriov","master":null,"resourceName":"intel.com/sriov_net","vlanId":0}""")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":16777215,"port":8472,"remote":"2001:db8::2","local":"2001:db8::1","ttl":255,"ageing":0,"sourcePortLow":1000,"sourcePortHigh":1000,"learning":false,"udpChecksum":true}}}""")]
    [InlineData("""{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":4094,"protocol":"802.1ad"},"mtu":0}}""")]
    [InlineData("""{"namespaces":null,"namespaceSelector":{}}""")]
    [InlineData("""{"namespaces":null,"namespaceSelector":{"matchLabels":{"multi.dev/net":"blue"},"matchExpressions":[{"key":"env","operator":"In","values":["a","b"]},{"key":"x","operator":"DoesNotExist"}]}}""")]
    [InlineData("""{"namespaces":["a","b-2"],"nodeSelector":{"kubernetes.io/os":"linux","empty":""}}""")]
    [InlineData("""{"ipam":{"poolRef":"shared-v4"}}""")]
    [InlineData("""{"ipam":{"pool":{"cidr":"10.1.0.0/24","gateway":"10.1.0.1"}}}""")]
    [InlineData("""{"ipam":{"pool":{"cidr":"10.1.0.0/24","ranges":null,"dns":{"nameservers":["10.0.0.53"]}}}}""")]
    [InlineData("""{"ipam":{"raw":{"type":"host-local","ranges":[[{"subnet":"10.2.0.0/24"}]]}}}""")]
    [InlineData("""{"ipam":{"raw":{"type":"dhcp"}}}""")]
    [InlineData("""{"capabilities":{"ips":true,"mac":false,"io.kubernetes.cri.pod-annotations":true}}""")]
    public void Validate_Valid_NoErrors(string patch) =>
        Assert.Empty(Validator.Validate(SampleNetworks.Spec(patch)).Errors.Select(e => e.ErrorMessage));

    [Theory]
    [InlineData("""{"type":"vxlan"}""", "type", "type \"vxlan\" is not one of macvlan, ipvlan, bridge, host-device, sriov, vlan")]
    [InlineData("""{"type":"MACVLAN"}""", "type", "type \"MACVLAN\" is not one of macvlan, ipvlan, bridge, host-device, sriov, vlan")]
    [InlineData("""{"master":null}""", "master", "type macvlan needs master (an existing link) or hostInterface")]
    [InlineData("""{"type":"bridge","master":null}""", "master", "type bridge needs master (an existing bridge) or hostInterface.bridge")]
    [InlineData("""{"hostInterface":{"vlan":{"parent":"eth1","id":5}}}""", "master", "master \"eth1\" and hostInterface.vlan are exclusive (the parent goes in the hostInterface)")]
    [InlineData("""{"hostInterface":{"vxlan":{"vni":5}}}""", "master", "master \"eth1\" and hostInterface.vxlan are exclusive (the parent goes in the hostInterface)")]
    [InlineData("""{"type":"bridge","master":null,"hostInterface":{"vlan":{"parent":"eth1","id":5}}}""", "hostInterface.bridge", "type bridge over a hostInterface needs hostInterface.bridge")]
    [InlineData("""{"master":"averyverylongname0"}""", "master", "master \"averyverylongname0\" is not an interface name (1–15 bytes, not . or .., no '/', ':' or whitespace)")]
    [InlineData("""{"master":"éééééééé"}""", "master", "master \"éééééééé\" is not an interface name (1–15 bytes, not . or .., no '/', ':' or whitespace)")]
    [InlineData("""{"master":".."}""", "master", "master \"..\" is not an interface name (1–15 bytes, not . or .., no '/', ':' or whitespace)")]
    [InlineData("""{"master":"eth 1"}""", "master", "master \"eth 1\" is not an interface name (1–15 bytes, not . or .., no '/', ':' or whitespace)")]
    [InlineData("""{"master":"eth1:0"}""", "master", "master \"eth1:0\" is not an interface name (1–15 bytes, not . or .., no '/', ':' or whitespace)")]
    [InlineData("""{"master":""}""", "master", "master \"\" is not an interface name (1–15 bytes, not . or .., no '/', ':' or whitespace)")]
    [InlineData("""{"type":"sriov","resourceName":"a.b/c"}""", "master", "master \"eth1\" is not used by sriov (the device comes from resourceName)")]
    [InlineData("""{"type":"sriov","master":null,"resourceName":"a.b/c","hostInterface":{"bridge":{}}}""", "hostInterface", "hostInterface is not used by sriov (the device comes from resourceName)")]
    [InlineData("""{"type":"sriov","master":null}""", "resourceName", "resourceName is required for type sriov (<prefix>/<name> of the device plugin)")]
    [InlineData("""{"type":"sriov","master":null,"resourceName":"sriov_net"}""", "resourceName", "resourceName \"sriov_net\" is not <prefix>/<name> (a DNS subdomain, '/', a name of 1–63 characters)")]
    [InlineData("""{"mode":"l2"}""", "mode", "mode \"l2\" is not a macvlan mode (bridge, private, vepa, passthru, source)")]
    [InlineData("""{"type":"ipvlan","mode":"bridge"}""", "mode", "mode \"bridge\" is not a ipvlan mode (l2, l3, l3s)")]
    [InlineData("""{"type":"vlan","vlanId":3,"mode":"l2"}""", "mode", "mode \"l2\" is only for macvlan and ipvlan")]
    [InlineData("""{"capabilities":{"my cap":true}}""", "capabilities", "capabilities \"my cap\" is not a capability name (1–253 printable ASCII characters without spaces or quotes, e.g. ips, mac, portMappings)")]
    [InlineData("""{"mtu":67}""", "mtu", "mtu 67 is outside 68–65535")]
    [InlineData("""{"mtu":65536}""", "mtu", "mtu 65536 is outside 68–65535")]
    [InlineData("""{"type":"host-device","mtu":1500}""", "mtu", "mtu 1500 is not supported by host-device")]
    [InlineData("""{"type":"vlan"}""", "vlanId", "vlanId is required for type vlan")]
    [InlineData("""{"type":"vlan","vlanId":0}""", "vlanId", "vlanId 0 is outside 1–4094 for vlan")]
    [InlineData("""{"type":"bridge","master":"br0","vlanId":4095}""", "vlanId", "vlanId 4095 is outside 1–4094 for bridge")]
    [InlineData("""{"type":"sriov","master":null,"resourceName":"a.b/c","vlanId":-1}""", "vlanId", "vlanId -1 is outside 0–4094 for sriov")]
    [InlineData("""{"vlanId":5}""", "vlanId", "vlanId 5 is only for vlan, bridge and sriov")]
    [InlineData("""{"cniVersion":"1.2.0"}""", "cniVersion", "cniVersion \"1.2.0\" is not supported (supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0)")]
    public void Validate_PluginRule_NamesPathAndValue(string patch, string path, string message) => AssertSingle(patch, path, message);

    [Theory]
    [InlineData("""{"hostInterface":{}}""", "hostInterface", "hostInterface needs vlan, vxlan or bridge")]
    [InlineData("""{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":5},"vxlan":{"vni":5}}}""", "hostInterface", "hostInterface.vlan and hostInterface.vxlan are exclusive")]
    [InlineData("""{"hostInterface":{"bridge":{},"mtu":65536}}""", "hostInterface.mtu", "hostInterface.mtu 65536 is outside 68–65535 (0 or absent derives it from the parent)")]
    [InlineData("""{"hostInterface":{"bridge":{"name":"bridge/0"}}}""", "hostInterface.bridge.name", "hostInterface.bridge.name \"bridge/0\" is not an interface name (1–15 bytes, not . or .., no '/', ':' or whitespace)")]
    [InlineData("""{"master":null,"hostInterface":{"vlan":{"id":5}}}""", "hostInterface.vlan.parent", "hostInterface.vlan.parent \"\" is not an interface name (1–15 bytes, not . or .., no '/', ':' or whitespace)")]
    [InlineData("""{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":0}}}""", "hostInterface.vlan.id", "hostInterface.vlan.id 0 is outside 1–4094 (0 and 4095 are reserved)")]
    [InlineData("""{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":4095}}}""", "hostInterface.vlan.id", "hostInterface.vlan.id 4095 is outside 1–4094 (0 and 4095 are reserved)")]
    [InlineData("""{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":5,"protocol":"802.1q"}}}""", "hostInterface.vlan.protocol", "hostInterface.vlan.protocol \"802.1q\" is not 802.1Q or 802.1ad")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":0}}}""", "hostInterface.vxlan.vni", "hostInterface.vxlan.vni 0 is outside 1–16777215")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":16777216}}}""", "hostInterface.vxlan.vni", "hostInterface.vxlan.vni 16777216 is outside 1–16777215")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"port":0}}}""", "hostInterface.vxlan.port", "hostInterface.vxlan.port 0 is outside 1–65535 (absent means 4789)")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"ttl":0}}}""", "hostInterface.vxlan.ttl", "hostInterface.vxlan.ttl 0 is outside 1–255")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"ttl":256}}}""", "hostInterface.vxlan.ttl", "hostInterface.vxlan.ttl 256 is outside 1–255")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"ageing":-1}}}""", "hostInterface.vxlan.ageing", "hostInterface.vxlan.ageing -1 is below 0")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"sourcePortLow":2000,"sourcePortHigh":1000}}}""", "hostInterface.vxlan.sourcePortLow", "hostInterface.vxlan.sourcePortLow 2000 is above sourcePortHigh 1000")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"sourcePortLow":2000}}}""", "hostInterface.vxlan.sourcePortLow", "hostInterface.vxlan.sourcePortLow and sourcePortHigh go together")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"parent":"eth1","group":"10.0.0.1"}}}""", "hostInterface.vxlan.group", "hostInterface.vxlan.group \"10.0.0.1\" is not a multicast address (224.0.0.0/4 or ff00::/8)")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"remote":"ff02::1"}}}""", "hostInterface.vxlan.remote", "hostInterface.vxlan.remote \"ff02::1\" is not a unicast address")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"remote":"10.0.0.256"}}}""", "hostInterface.vxlan.remote", "hostInterface.vxlan.remote \"10.0.0.256\" is not an IP address")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"group":"239.1.1.1"}}}""", "hostInterface.vxlan.parent", "hostInterface.vxlan.parent is required with a multicast group")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"remote":"10.0.0.2","local":"2001:db8::1"}}}""", "hostInterface.vxlan.local", "hostInterface.vxlan.local \"2001:db8::1\" is not of the family of remote \"10.0.0.2\"")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"parent":"a/b"}}}""", "hostInterface.vxlan.parent", "hostInterface.vxlan.parent \"a/b\" is not an interface name (1–15 bytes, not . or .., no '/', ':' or whitespace)")]
    public void Validate_HostInterfaceRule_NamesPathAndValue(string patch, string path, string message) => AssertSingle(patch, path, message);

    [Fact]
    public void Validate_GroupAndRemote_Exclusive()
    {
        var errors = Validator.Validate(SampleNetworks.Spec("""{"master":null,"hostInterface":{"vxlan":{"vni":1,"parent":"eth1","group":"239.1.1.1","remote":"10.0.0.2"}}}""")).Errors;

        Assert.Equal(["hostInterface.vxlan.group and hostInterface.vxlan.remote are exclusive (multicast or a single unicast peer)"], errors.Select(e => e.ErrorMessage));
    }

    [Theory]
    [InlineData("""{"namespaces":null}""", "namespaces", "one of namespaces and namespaceSelector is required (namespaceSelector: {} offers the network in every namespace)")]
    [InlineData("""{"namespaceSelector":{}}""", "namespaces", "namespaces and namespaceSelector are exclusive")]
    [InlineData("""{"namespaces":[]}""", "namespaces", "namespaces must list at least one namespace")]
    [InlineData("""{"namespaces":["Default"]}""", "namespaces[0]", "namespaces[0] \"Default\" is not a DNS-1123 label")]
    [InlineData("""{"namespaces":["a","a"]}""", "namespaces[1]", "namespaces[1] \"a\" is listed twice")]
    [InlineData("""{"namespaces":null,"namespaceSelector":{"matchLabels":{"-bad":"x"}}}""", "namespaceSelector.matchLabels", "namespaceSelector.matchLabels key \"-bad\" is not a label key")]
    [InlineData("""{"namespaces":null,"namespaceSelector":{"matchLabels":{"ok":"not ok"}}}""", "namespaceSelector.matchLabels.ok", "namespaceSelector.matchLabels.ok \"not ok\" is not a label value")]
    [InlineData("""{"namespaces":null,"namespaceSelector":{"matchExpressions":[{"key":"a","operator":"In"}]}}""", "namespaceSelector.matchExpressions[0].values", "namespaceSelector.matchExpressions[0].values must not be empty for In")]
    [InlineData("""{"namespaces":null,"namespaceSelector":{"matchExpressions":[{"key":"a","operator":"NotIn","values":[]}]}}""", "namespaceSelector.matchExpressions[0].values", "namespaceSelector.matchExpressions[0].values must not be empty for NotIn")]
    [InlineData("""{"namespaces":null,"namespaceSelector":{"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]}}""", "namespaceSelector.matchExpressions[0].values", "namespaceSelector.matchExpressions[0].values must be empty for Exists")]
    [InlineData("""{"namespaces":null,"namespaceSelector":{"matchExpressions":[{"key":"a","operator":"in","values":["x"]}]}}""", "namespaceSelector.matchExpressions[0].operator", "namespaceSelector.matchExpressions[0].operator \"in\" is not In, NotIn, Exists or DoesNotExist")]
    [InlineData("""{"namespaces":null,"namespaceSelector":{"matchExpressions":[{"key":"","operator":"Exists"}]}}""", "namespaceSelector.matchExpressions[0].key", "namespaceSelector.matchExpressions[0].key \"\" is not a label key")]
    [InlineData("""{"namespaces":null,"namespaceSelector":{"matchExpressions":[{"key":"a","operator":"In","values":["a b"]}]}}""", "namespaceSelector.matchExpressions[0].values[0]", "namespaceSelector.matchExpressions[0].values[0] \"a b\" is not a label value")]
    [InlineData("""{"nodeSelector":{"a/b/c":"x"}}""", "nodeSelector", "nodeSelector key \"a/b/c\" is not a label key")]
    [InlineData("""{"nodeSelector":{"zone":"-x"}}""", "nodeSelector.zone", "nodeSelector.zone \"-x\" is not a label value")]
    public void Validate_SelectionRule_NamesPathAndValue(string patch, string path, string message) => AssertSingle(patch, path, message);

    [Theory]
    [InlineData("""{"ipam":{}}""", "ipam", "ipam needs exactly one of poolRef, pool and raw, not 0")]
    [InlineData("""{"ipam":{"poolRef":"a","raw":{"type":"dhcp"}}}""", "ipam", "ipam needs exactly one of poolRef, pool and raw, not 2")]
    [InlineData("""{"ipam":{"poolRef":"Pool_A"}}""", "ipam.poolRef", "ipam.poolRef \"Pool_A\" is not a DNS-1123 label (an IPPool name)")]
    [InlineData("""{"ipam":{"raw":{}}}""", "ipam.raw.type", "ipam.raw needs a non-empty string type")]
    [InlineData("""{"ipam":{"raw":{"type":1}}}""", "ipam.raw.type", "ipam.raw needs a non-empty string type")]
    [InlineData("""{"ipam":{"raw":{"type":"host-local","subnet":"10.0.0.0"}}}""", "ipam.raw.subnet", "subnet \"10.0.0.0\" is not a CIDR (address/prefix)")]
    [InlineData("""{"ipam":{"raw":{"type":"multi-ipam"}}}""", "ipam.raw.pool", "multi-ipam needs pool (or pools)")]
    [InlineData("""{"ipam":{"pool":{"cidr":"10.1.0.1/24"}}}""", "ipam.pool.cidr", "ipam.pool.cidr \"10.1.0.1/24\" has host bits set; did you mean 10.1.0.0/24?")]
    [InlineData("""{"ipam":{"pool":{"cidr":"10.1.0.0/24","exclude":[null]}}}""", "ipam.pool.exclude", "ipam.pool.exclude holds a null")]
    [InlineData("""{"ipam":{"pool":{"cidr":"10.1.0.0/24","dns":{"nameservers":["10.0.0.300"]}}}}""", "ipam.pool.dns.nameservers[0]", "ipam.pool.dns.nameservers \"10.0.0.300\" is not an IP address")]
    public void Validate_IpamRule_NamesPathAndValue(string patch, string path, string message) => AssertSingle(patch, path, message);

    [Fact]
    public void Validate_ManyProblems_ReportsEvery()
    {
        var errors = Validator.Validate(SampleNetworks.Spec("""{"mode":"x","mtu":1,"vlanId":9,"namespaces":null,"cniVersion":"2"}""")).Errors;

        Assert.Equal(["mode", "mtu", "vlanId", "cniVersion", "namespaces"], errors.Select(e => e.PropertyName));
    }

    private static void AssertSingle(string patch, string path, string message)
    {
        var error = Assert.Single(Validator.Validate(SampleNetworks.Spec(patch)).Errors);

        Assert.Equal((path, message), (error.PropertyName, error.ErrorMessage));
    }
}
