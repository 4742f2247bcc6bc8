using System.Collections.Immutable;
using Multi.Core.Annotations;
using Multi.Core.Cni.Results;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Annotations;

public sealed class NetworkStatusBuilderTests
{
    private const string Sandbox = "/var/run/netns/pod";

    private static readonly CniResult Cluster = new(
        "1.1.0",
        [new CniInterface("eth0", "0a:58:0a:f4:01:05", 1450, Sandbox)],
        [new CniIpConfig("10.244.1.5/24", "10.244.1.1", 0), new CniIpConfig("fd00:0:0::0005/64", null, 0)],
        [new CniRoute("0.0.0.0/0", "10.244.1.1"), new CniRoute("10.96.0.0/12", "10.244.1.1")],
        new CniDns(["10.96.0.10"], "cluster.local", ["svc.cluster.local"], ["ndots:5"]));

    private static readonly CniResult Macvlan = new(
        "1.1.0",
        [new CniInterface("net1", "02:00:00:00:00:01", null, Sandbox)],
        [new CniIpConfig("192.168.1.5/24")],
        [],
        null);

    [Fact]
    public void Render_TwoAttachments_MatchesMultusBytes()
    {
        var entries = NetworkStatusBuilder.Build("kube-system/k8s-pod-network", true, Cluster, null)
            .AddRange(NetworkStatusBuilder.Build("default/macvlan-conf", false, Macvlan, TestJson.Obj("""{"type":"pci","version":"1.1.0","pci":{"pci-address":"0000:03:00.1"}}""")));

        var text = NetworkStatusBuilder.Render(entries);

        const string expected =
            "[{\n" +
            "    \"name\": \"kube-system/k8s-pod-network\",\n" +
            "    \"interface\": \"eth0\",\n" +
            "    \"ips\": [\n" +
            "        \"10.244.1.5\",\n" +
            "        \"fd00::5\"\n" +
            "    ],\n" +
            "    \"mac\": \"0a:58:0a:f4:01:05\",\n" +
            "    \"mtu\": 1450,\n" +
            "    \"default\": true,\n" +
            "    \"dns\": {\n" +
            "        \"nameservers\": [\n" +
            "            \"10.96.0.10\"\n" +
            "        ],\n" +
            "        \"domain\": \"cluster.local\",\n" +
            "        \"search\": [\n" +
            "            \"svc.cluster.local\"\n" +
            "        ],\n" +
            "        \"options\": [\n" +
            "            \"ndots:5\"\n" +
            "        ]\n" +
            "    },\n" +
            "    \"gateway\": [\n" +
            "        \"10.244.1.1\"\n" +
            "    ]\n" +
            "},{\n" +
            "    \"name\": \"default/macvlan-conf\",\n" +
            "    \"interface\": \"net1\",\n" +
            "    \"ips\": [\n" +
            "        \"192.168.1.5\"\n" +
            "    ],\n" +
            "    \"mac\": \"02:00:00:00:00:01\",\n" +
            "    \"dns\": {},\n" +
            "    \"device-info\": {\n" +
            "        \"type\": \"pci\",\n" +
            "        \"version\": \"1.1.0\",\n" +
            "        \"pci\": {\n" +
            "            \"pci-address\": \"0000:03:00.1\"\n" +
            "        }\n" +
            "    }\n" +
            "}]";
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Render_NoEntries_IsEmptyBrackets() => Assert.Equal("[]", NetworkStatusBuilder.Render([]));

    [Fact]
    public void Render_NameOnly_KeepsNameAndEmptyDns()
    {
        var entry = new NetworkStatusEntry("", null, [], null, 0, false, null, null, []);

        Assert.Equal("[{\n    \"name\": \"\",\n    \"dns\": {}\n}]", NetworkStatusBuilder.Render([entry]));
    }

    [Theory]
    [InlineData("a<b>&c", "\"a\\u003cb\\u003e\\u0026c\"")]
    [InlineData("q\"\\", "\"q\\\"\\\\\"")]
    [InlineData("\n\t\u0001", "\"\\n\\t\\u0001\"")]
    [InlineData("é\u2028", "\"é\\u2028\"")]
    public void Render_Strings_UseGoEscaping(string name, string expectedJson)
    {
        var entry = new NetworkStatusEntry(name, null, [], null, null, false, null, null, []);

        Assert.Equal($"[{{\n    \"name\": {expectedJson},\n    \"dns\": {{}}\n}}]", NetworkStatusBuilder.Render([entry]));
    }

    [Fact]
    public void Build_SingleHostInterface_OmitsInterfaceMacMtuButListsIps()
    {
        var result = new CniResult("1.0.0", [new CniInterface("veth1", "aa:bb:cc:dd:ee:ff", 1500)], [new CniIpConfig("10.0.0.2/24", "10.0.0.1", 0)], [new CniRoute("::/0", "fd00::1")], null);

        var entry = Assert.Single(NetworkStatusBuilder.Build("n", true, result, null));

        Assert.Equal(new NetworkStatusEntry("n", null, entry.Ips, null, null, true, null, null, entry.Gateway), entry);
        Assert.Equal(["10.0.0.2"], entry.Ips);
        Assert.Equal(["fd00::1"], entry.Gateway);
    }

    [Fact]
    public void Build_NoInterfaces_GivesNoEntry()
    {
        var result = new CniResult("1.0.0", [], [new CniIpConfig("10.0.0.2/24")], [], null);

        Assert.Empty(NetworkStatusBuilder.Build("n", true, result, null));
    }

    [Fact]
    public void Build_OnlyHostInterfaces_GivesNoEntry()
    {
        var result = new CniResult("1.0.0", [new CniInterface("br0"), new CniInterface("veth1")], [new CniIpConfig("10.0.0.2/24", null, 1)], [], null);

        Assert.Empty(NetworkStatusBuilder.Build("n", true, result, null));
    }

    // Interfaces: 0 host, 1 sandbox a, 2 host, 3 sandbox b.
    [Theory]
    [InlineData(true, "10.0.0.1/24,1,gw|10.0.0.2/24,3,|10.0.0.3/24,,|10.0.0.4/24,0,gw", "a:10.0.0.1:default|b:10.0.0.2,10.0.0.3")]
    [InlineData(true, "10.0.0.2/24,3,gw|10.0.0.1/24,1,", "a:10.0.0.1|b:10.0.0.2:default")]
    [InlineData(true, "10.0.0.2/24,3,|10.0.0.1/24,,gw", "a:default|b:10.0.0.2,10.0.0.1")]
    [InlineData(true, "10.0.0.4/24,0,gw|10.0.0.2/24,3,gw", "a:default|b:10.0.0.2")]
    [InlineData(false, "10.0.0.2/24,3,gw", "a|b:10.0.0.2")]
    [InlineData(true, "", "a:default|b")]
    public void Build_SeveralInterfaces_AssignsIpsAndTheDefaultFlag(bool cluster, string ips, string expected)
    {
        var result = new CniResult(
            "1.1.0",
            [new CniInterface("host0"), new CniInterface("a", Sandbox: Sandbox), new CniInterface("host1"), new CniInterface("b", Sandbox: Sandbox)],
            [.. ips.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split(',')).Select(p => new CniIpConfig(p[0], p[2].Length > 0 ? "10.0.0.254" : null, p[1].Length > 0 ? int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture) : null))],
            [new CniRoute("0.0.0.0/0", "10.0.0.254"), new CniRoute("::/0", "fd00::1"), new CniRoute("10.1.0.0/16", "10.0.0.9"), new CniRoute("0.0.0.0/0")],
            null);

        var entries = NetworkStatusBuilder.Build("n", cluster, result, null);

        Assert.Equal(expected, string.Join('|', entries.Select(e => string.Join(':', new[] { e.Interface!, string.Join(',', e.Ips), e.Default ? "default" : "" }.Where(s => s.Length > 0)))));
        Assert.All(entries, e => Assert.Equal(["10.0.0.254", "fd00::1"], e.Gateway));
    }

    [Theory]
    [InlineData("eth0", "10.0.0.2/24|fd00:0::2/64", "ns/a", "Add eth0 [10.0.0.2/24 fd00::2/64] from ns/a")]
    [InlineData("net1", "", "ns/a", "Add net1 [] from ns/a")]
    [InlineData("net1", "10.0.0.2/24", "", "Add net1 [10.0.0.2/24]")]
    public void AddedInterfaceMessage_FollowsTheMultusFormat(string ifName, string ips, string name, string expected)
    {
        var result = new CniResult("1.1.0", [new CniInterface(ifName, Sandbox: Sandbox)], [.. ips.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(a => new CniIpConfig(a))], [], null);

        Assert.Equal(expected, NetworkStatusBuilder.AddedInterfaceMessage(ifName, result, name));
    }

    [Fact]
    public void HasAddedInterface_EmptyResult_IsFalse()
    {
        Assert.False(NetworkStatusBuilder.HasAddedInterface(CniResult.Empty("1.1.0")));
        Assert.True(NetworkStatusBuilder.HasAddedInterface(CniResult.Empty("1.1.0") with { Ips = [new CniIpConfig("10.0.0.1/8")] }));
        Assert.True(NetworkStatusBuilder.HasAddedInterface(CniResult.Empty("1.1.0") with { Interfaces = ImmutableArray.Create(new CniInterface("x")) }));
    }
}
