using Multi.Core.Nad;
using Multi.Core.Validation;
using Xunit;

namespace Multi.Core.Tests.Validation;

public sealed class NadConfigValidatorTests
{
    [Theory]
    [InlineData("""{"cniVersion":"1.0.0","name":"blue","type":"macvlan","master":"eth1","mode":"bridge","mtu":1500}""", null)]
    [InlineData("""{"cniVersion":"0.4.0","name":"blue","plugins":[{"type":"bridge","bridge":"br0","vlan":0},{"type":"tuning"}]}""", null)]
    [InlineData("""{"cniVersions":["9.9.9","1.1.0"],"name":"a_b.c-d","type":"ipvlan","mode":"l3s"}""", null)]
    [InlineData("""{"cniVersion":"1.0.0","type":"vlan","master":"eth1","vlanId":4094,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/24","rangeStart":"10.0.0.10","gateway":"10.0.0.1"}]]}}""", null)]
    [InlineData("""{"cniVersion":"1.0.0","type":"host-device","pciBusID":"0000:af:00.1"}""", null)]
    [InlineData("""{"cniVersion":"1.0.0","type":"host-device"}""", "intel.com/nic")]
    [InlineData("""{"cniVersion":"1.0.0","type":"sriov","vlan":100,"vlanQoS":7,"vlanProto":"802.1AD","link_state":"auto","spoofchk":"on","min_tx_rate":10,"max_tx_rate":100}""", "intel.com/sriov")]
    [InlineData("""{"cniVersion":"1.0.0","type":"macvlan","ipam":{"type":"multi-ipam","pools":["a","b"]}}""", null)]
    [InlineData("""{"cniVersion":"1.0.0","type":"macvlan","ipam":{"type":"static","addresses":[{"address":"2001:db8::5/64","gateway":"2001:db8::1"}]}}""", null)]
    [InlineData("""{"cniVersion":"1.0.0","type":"macvlan","ipam":{}}""", null)]
    [InlineData("""{"cniVersion":"1.0.0","type":"some-other-plugin","mtu":"any","vlanId":"any"}""", null)]
    public void Validate_Valid_NoProblems(string config, string? resource)
    {
        var verdict = NadConfigValidator.Validate(new NetworkAttachmentDefinition("ns", "blue", config, resource));

        Assert.Empty(verdict.Problems);
        Assert.True(verdict.Valid);
    }

    [Theory]
    [InlineData("""{"type":"macvlan","master":"averyverylongname0"}""", "config.master", "master \"averyverylongname0\" is not an interface name (1–15 bytes, not . or .., no '/', ':' or whitespace)")]
    [InlineData("""{"type":"macvlan","mode":"l2"}""", "config.mode", "mode \"l2\" is not a macvlan mode (bridge, private, vepa, passthru, source)")]
    [InlineData("""{"type":"ipvlan","mode":"vepa"}""", "config.mode", "mode \"vepa\" is not a ipvlan mode (l2, l3, l3s)")]
    [InlineData("""{"type":"macvlan","mtu":67}""", "config.mtu", "mtu 67 is outside 68–65535 (0 lets the plugin choose)")]
    [InlineData("""{"type":"macvlan","mtu":"1500"}""", "config.mtu", "mtu must be an integer, not \"1500\"")]
    [InlineData("""{"type":"macvlan","mtu":1500.5}""", "config.mtu", "mtu must be an integer, not 1500.5")]
    [InlineData("""{"type":"vlan","vlanId":5}""", "config.master", "master is required")]
    [InlineData("""{"type":"vlan","master":"eth1"}""", "config.vlanId", "vlanId is required by the vlan plugin")]
    [InlineData("""{"type":"vlan","master":"eth1","vlanId":4095}""", "config.vlanId", "vlanId 4095 is outside 1–4094")]
    [InlineData("""{"type":"bridge","vlan":4095}""", "config.vlan", "vlan 4095 is outside 0–4094 (0 is untagged)")]
    [InlineData("""{"type":"bridge","bridge":"br:0"}""", "config.bridge", "bridge \"br:0\" is not an interface name (1–15 bytes, not . or .., no '/', ':' or whitespace)")]
    [InlineData("""{"type":"host-device"}""", "config.device", "host-device needs one of device, hwaddr, kernelpath or pciBusID (or a resourceName annotation)")]
    [InlineData("""{"type":"host-device","device":"a b"}""", "config.device", "device \"a b\" is not an interface name (1–15 bytes, not . or .., no '/', ':' or whitespace)")]
    [InlineData("""{"type":"../bin/sh"}""", "config.type", "type \"../bin/sh\" must not contain '/' or '\\'")]
    [InlineData("""{"type":"macvlan","ipam":{"type":"multi-ipam"}}""", "config.ipam.pool", "multi-ipam needs pool (or pools)")]
    [InlineData("""{"type":"macvlan","ipam":{"type":"multi-ipam","pool":"A"}}""", "config.ipam.pool", "pool \"A\" is not a DNS-1123 label (an IPPool name)")]
    [InlineData("""{"type":"macvlan","ipam":{"type":"multi-ipam","pools":[]}}""", "config.ipam.pools", "pools must not be empty")]
    [InlineData("""{"type":"macvlan","ipam":{"type":"multi-ipam","pools":[3]}}""", "config.ipam.pools[0]", "pools[0] 3 is not a DNS-1123 label (an IPPool name)")]
    [InlineData("""{"type":"macvlan","ipam":{"subnet":"10.0.0.0/24"}}""", "config.ipam.type", "type is required in a non-empty ipam block")]
    [InlineData("""{"type":"macvlan","ipam":"host-local"}""", "config.ipam", "ipam must be an object, not \"host-local\"")]
    [InlineData("""{"type":"macvlan","ipam":{"type":"host-local"}}""", "config.ipam.ranges", "host-local needs ranges or subnet")]
    [InlineData("""{"type":"macvlan","ipam":{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/33"}]]}}""", "config.ipam.ranges[0][0].subnet", "subnet \"10.0.0.0/33\" is not a CIDR (address/prefix)")]
    [InlineData("""{"type":"macvlan","ipam":{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/24","rangeEnd":"10.0.0"}]]}}""", "config.ipam.ranges[0][0].rangeEnd", "rangeEnd \"10.0.0\" is not an IP address")]
    [InlineData("""{"type":"macvlan","ipam":{"type":"host-local","ranges":[[]]}}""", "config.ipam.ranges[0]", "ranges[0] must be a non-empty array of ranges, not []")]
    [InlineData("""{"type":"macvlan","ipam":{"type":"host-local","ranges":[[{}]]}}""", "config.ipam.ranges[0][0].subnet", "subnet is required")]
    [InlineData("""{"type":"macvlan","ipam":{"type":"static","addresses":[{"address":"10.0.0.5"}]}}""", "config.ipam.addresses[0].address", "address \"10.0.0.5\" is not an address/prefix")]
    [InlineData("""{"type":"macvlan","ipam":{"type":"static","addresses":[{"address":"10.0.0.5/24","gateway":"x"}]}}""", "config.ipam.addresses[0].gateway", "gateway \"x\" is not an IP address")]
    public void Validate_SinglePluginRule_NamesPathAndRule(string config, string path, string message) => AssertSingle(config, null, path, message);

    [Theory]
    [InlineData("""{"type":"sriov","vlan":4095}""", "config.vlan", "vlan 4095 is outside 0–4094 (0 is untagged)")]
    [InlineData("""{"type":"sriov","vlanQoS":3}""", "config.vlanQoS", "vlanQoS needs a non-zero vlan")]
    [InlineData("""{"type":"sriov","vlan":5,"vlanQoS":8}""", "config.vlanQoS", "vlanQoS 8 is outside 0–7")]
    [InlineData("""{"type":"sriov","vlanProto":"802.1x"}""", "config.vlanProto", "vlanProto \"802.1x\" is not 802.1q or 802.1ad")]
    [InlineData("""{"type":"sriov","link_state":"up"}""", "config.link_state", "link_state \"up\" is not auto, enable or disable")]
    [InlineData("""{"type":"sriov","trust":"yes"}""", "config.trust", "trust \"yes\" is not on or off")]
    [InlineData("""{"type":"sriov","min_tx_rate":200,"max_tx_rate":100}""", "config.min_tx_rate", "min_tx_rate 200 is above max_tx_rate 100")]
    public void Validate_SriovRule_NamesPathAndRule(string config, string path, string message) => AssertSingle(config, "intel.com/sriov", path, message);

    [Theory]
    [InlineData("""{"type":"sriov"}""", null, "metadata.annotations[k8s.v1.cni.cncf.io/resourceName]", "a sriov NAD needs the resourceName annotation; without it no device is ever assigned")]
    [InlineData("""{"type":"macvlan"}""", "sriov", "metadata.annotations[k8s.v1.cni.cncf.io/resourceName]", "resourceName \"sriov\" is not <prefix>/<name> (a DNS subdomain, '/', a name of 1–63 characters)")]
    [InlineData("""{"plugins":[{"type":"tuning"},{"type":"vlan","master":"eth1","vlanId":0}]}""", null, "config.plugins[1].vlanId", "vlanId 0 is outside 1–4094")]
    [InlineData("""{"plugins":[{"type":"tuning"},{"mtu":1}]}""", null, "config.plugins[1].type", "type is required (a non-empty string)")]
    [InlineData("""{"plugins":[{"type":"tuning"},7]}""", null, "config.plugins[1]", "a plugin must be an object, not 7")]
    [InlineData("""{"plugins":[]}""", null, "config", "plugins must be a non-empty array")]
    [InlineData("""{"plugins":{}}""", null, "config.plugins", "plugins must be an array, not {}")]
    [InlineData("""{"name":"x"}""", null, "config", "config has neither a non-empty type nor plugins")]
    [InlineData("""{"type":""}""", null, "config", "config has neither a non-empty type nor plugins")]
    [InlineData("""{"type":"macvlan","cniVersion":"0.5.0"}""", null, "config.cniVersion", "cniVersion \"0.5.0\" is not supported (supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0)")]
    [InlineData("""{"type":"macvlan","cniVersions":["2.0.0"]}""", null, "config.cniVersions", "none of cniVersions [\"2.0.0\"] is supported (supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0)")]
    [InlineData("""{"type":"macvlan","name":"-blue"}""", null, "config.name", "name \"-blue\" is not a CNI network name (an alphanumeric, then alphanumerics, '_', '.' or '-')")]
    [InlineData("""{"type":"macvlan","name":3}""", null, "config.name", "name must be a string, not 3")]
    [InlineData("""[]""", null, "config", "config must be a JSON object")]
    [InlineData("""{"type":"macvlan","type":"bridge"}""", null, "config", "config is not valid JSON: ")]
    [InlineData("""{"type":"macvlan",""", null, "config", "config is not valid JSON: ")]
    [InlineData("""{"type":"macvlan","name":"\ud800"}""", null, "config", "config is not valid JSON: ")]
    public void Validate_DocumentRule_NamesPathAndRule(string config, string? resource, string path, string message) => AssertSingle(config, resource, path, message);

    [Fact]
    public void Validate_HugeOrDeepConfig_ProblemNotException()
    {
        var huge = NadConfigValidator.Validate(new NetworkAttachmentDefinition("ns", "n", new string(' ', NadConfigValidator.MaxConfigLength + 1)));
        var deep = NadConfigValidator.Validate(new NetworkAttachmentDefinition("ns", "n", new string('[', 100_000)));

        Assert.Equal("config has 1048577 characters; at most 1048576 are read", Assert.Single(huge.Problems).Message);
        Assert.StartsWith("config is not valid JSON", Assert.Single(deep.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LoneSurrogateInText_Problem() =>
        AssertSingle("{\"type\":\"x\ud800\"}", null, "config", "config contains an unpaired UTF-16 surrogate");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Validate_NoConfig_ValidWithNote(string? config)
    {
        var verdict = NadConfigValidator.Validate(new NetworkAttachmentDefinition("ns", "blue", config));

        Assert.True(verdict.Valid);
        Assert.Equal(["spec.config is empty: the node reads the delegate named \"blue\" from its confDir"], verdict.Notes);
    }

    [Fact]
    public void Validate_NoNameNoVersion_ValidWithNotes()
    {
        var verdict = NadConfigValidator.Validate(new NetworkAttachmentDefinition("ns", "blue", """{"type":"macvlan"}"""));

        Assert.True(verdict.Valid);
        Assert.Equal(["config has no name; the NAD name \"blue\" is used", "config has no cniVersion; the meta-plugin's cniVersion is used"], verdict.Notes);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryPath()
    {
        var verdict = NadConfigValidator.Validate(new NetworkAttachmentDefinition("ns", "n",
            """{"cniVersion":"1.0.0","plugins":[{"type":"macvlan","mode":"x","mtu":1},{"type":"sriov","vlan":-1}]}"""));

        Assert.False(verdict.Valid);
        Assert.Equal(
            ["config.plugins[0].mode", "config.plugins[0].mtu", "config.plugins[1].vlan", "metadata.annotations[k8s.v1.cni.cncf.io/resourceName]"],
            verdict.Problems.Select(p => p.Path));
    }

    private static void AssertSingle(string config, string? resource, string path, string message)
    {
        var verdict = NadConfigValidator.Validate(new NetworkAttachmentDefinition("ns", "blue", config, resource));

        var problem = Assert.Single(verdict.Problems);
        Assert.False(verdict.Valid);
        Assert.Equal(path, problem.Path);
        Assert.StartsWith(message, problem.Message, StringComparison.Ordinal);
    }
}
