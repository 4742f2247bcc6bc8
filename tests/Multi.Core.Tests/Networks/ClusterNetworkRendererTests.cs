using Multi.Core.Cni;
using Multi.Core.Networks;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Networks;

public sealed class ClusterNetworkRendererTests
{
    private const string Kc = "/etc/cni/net.d/multi.d/multi.kubeconfig";

    [Theory]
    [InlineData("{}", """{"cniVersion":"1.0.0","name":"blue","type":"macvlan","master":"eth1"}""")]
    [InlineData("""{"mode":"private","mtu":1400}""", """{"cniVersion":"1.0.0","name":"blue","type":"macvlan","master":"eth1","mode":"private","mtu":1400}""")]
    [InlineData("""{"type":"ipvlan","mode":"l3s","cniVersion":"0.4.0"}""", """{"cniVersion":"0.4.0","name":"blue","type":"ipvlan","master":"eth1","mode":"l3s"}""")]
    [InlineData("""{"type":"vlan","vlanId":100,"mtu":1500}""", """{"cniVersion":"1.0.0","name":"blue","type":"vlan","master":"eth1","vlanId":100,"mtu":1500}""")]
    [InlineData("""{"type":"bridge","master":"br0","vlanId":7}""", """{"cniVersion":"1.0.0","name":"blue","type":"bridge","bridge":"br0","vlan":7}""")]
    [InlineData("""{"type":"bridge","master":null,"hostInterface":{"vlan":{"parent":"eth1","id":100},"bridge":{}}}""", """{"cniVersion":"1.0.0","name":"blue","type":"bridge","bridge":"br-00ceb091af"}""")]
    [InlineData("""{"type":"host-device","master":"ens5"}""", """{"cniVersion":"1.0.0","name":"blue","type":"host-device","device":"ens5"}""")]
    [InlineData("""{"master":null,"hostInterface":{"vlan":{"parent":"eth1","id":100}}}""", """{"cniVersion":"1.0.0","name":"blue","type":"macvlan","master":"vl100-512c"}""")]
    [InlineData("""{"master":null,"hostInterface":{"vxlan":{"vni":16777215}}}""", """{"cniVersion":"1.0.0","name":"blue","type":"macvlan","master":"vx16777215-2703"}""")]
    [InlineData("""{"capabilities":{"mac":true,"ips":true}}""", """{"cniVersion":"1.0.0","name":"blue","type":"macvlan","master":"eth1","capabilities":{"ips":true,"mac":true}}""")]
    public void Render_EachType_GoldenConfig(string patch, string expected)
    {
        var rendered = ClusterNetworkRenderer.Render("blue", SampleNetworks.Spec(patch), new NadRenderOptions()).Unwrap();

        Assert.Equal(expected, rendered.Config);
        Assert.Null(rendered.ResourceName);
    }

    [Fact]
    public void Render_Sriov_VlanAndResourceName()
    {
        var spec = SampleNetworks.Spec("""{"type":"sriov","master":null,"vlanId":0,"resourceName":"intel.com/sriov_a","ipam":{"poolRef":"pool-a"}}""");

        var rendered = ClusterNetworkRenderer.Render("blue", spec, new NadRenderOptions()).Unwrap();

        Assert.Equal("""{"cniVersion":"1.0.0","name":"blue","type":"sriov","vlan":0,"ipam":{"type":"multi-ipam","pool":"pool-a","kubeconfig":""" + $"\"{Kc}\",\"daemonSocket\":\"/run/multi/multi.sock\"}}}}", rendered.Config);
        Assert.Equal("intel.com/sriov_a", rendered.ResourceName);
    }

    [Theory]
    [InlineData("""{"ipam":{"poolRef":"shared"}}""", """{"type":"multi-ipam","pool":"shared","kubeconfig":"/k","daemonSocket":"/d.sock"}""")]
    [InlineData("""{"ipam":{"pool":{"cidr":"10.1.0.0/24"}}}""", """{"type":"multi-ipam","pool":"blue","kubeconfig":"/k","daemonSocket":"/d.sock"}""")]
    [InlineData("""{"ipam":{"raw":{"type":"dhcp","daemonSocketPath":"/run/x"}}}""", """{"type":"dhcp","daemonSocketPath":"/run/x"}""")]
    public void Render_IpamForms_GoldenIpamBlock(string patch, string ipam)
    {
        var rendered = ClusterNetworkRenderer.Render("blue", SampleNetworks.Spec(patch), new NadRenderOptions { IpamKubeconfig = "/k", IpamDaemonSocket = "/d.sock" }).Unwrap();

        Assert.Equal("""{"cniVersion":"1.0.0","name":"blue","type":"macvlan","master":"eth1","ipam":""" + ipam + "}", rendered.Config);
    }

    [Fact]
    public void Render_NoDaemonSocket_OmitsTheKey()
    {
        var rendered = ClusterNetworkRenderer.Render("blue", SampleNetworks.Spec("""{"ipam":{"poolRef":"shared"}}"""), new NadRenderOptions { IpamKubeconfig = "/k", IpamDaemonSocket = "" }).Unwrap();

        Assert.Equal("""{"cniVersion":"1.0.0","name":"blue","type":"macvlan","master":"eth1","ipam":{"type":"multi-ipam","pool":"shared","kubeconfig":"/k"}}""", rendered.Config);
    }

    [Theory]
    [InlineData("""{"type":"vxlan"}""", "type: type \"vxlan\" is not one of macvlan, ipvlan, bridge, host-device, sriov, vlan")]
    [InlineData("""{"master":null}""", "master: type macvlan needs master or hostInterface")]
    [InlineData("""{"type":"bridge","master":null,"hostInterface":{"vlan":{"parent":"eth1","id":1}}}""", "hostInterface.bridge: type bridge over a hostInterface needs hostInterface.bridge")]
    [InlineData("""{"type":"sriov","resourceName":"a.b/c"}""", "master: type sriov takes neither master nor hostInterface")]
    [InlineData("""{"mode":"l2"}""", "mode: mode \"l2\" is not a mode of macvlan")]
    [InlineData("""{"type":"host-device","mtu":1500}""", "mtu: type host-device takes no mtu")]
    [InlineData("""{"type":"vlan"}""", "vlanId: type vlan needs vlanId")]
    [InlineData("""{"vlanId":3}""", "vlanId: type macvlan takes no vlanId")]
    [InlineData("""{"type":"sriov","master":null}""", "resourceName: type sriov needs resourceName")]
    [InlineData("""{"ipam":{"poolRef":"a","raw":{"type":"dhcp"}}}""", "ipam: exactly one of poolRef, pool and raw is required")]
    [InlineData("""{"ipam":{"raw":{"type":7}}}""", "ipam.raw.type: a raw ipam block needs a string type")]
    public void Render_Unrenderable_FailureNamesField(string patch, string message)
    {
        var outcome = ClusterNetworkRenderer.Render("blue", SampleNetworks.Spec(patch), new NadRenderOptions());

        Assert.False(outcome.IsOk);
        Assert.Equal(CniErrorCode.InvalidNetworkConfig, outcome.Error.Code);
        Assert.Equal(message, outcome.Error.Msg);
    }

    [Fact]
    public void Render_UnpairedSurrogates_DoesNotThrowAndWritesReadableJson()
    {
        var spec = SampleNetworks.Spec("{}") with { Ipam = new ClusterNetworkIpam { Raw = new System.Text.Json.Nodes.JsonObject { ["type"] = "x\udc00" } } };

        var outcome = ClusterNetworkRenderer.Render("blue\ud800", spec, new NadRenderOptions());

        Assert.True(outcome.IsOk);
        Assert.NotNull(Json.Parse(System.Text.Encoding.UTF8.GetBytes(outcome.Value.Config)));
    }

    [Fact]
    public void Render_SameSpecTwice_SameText()
    {
        var spec = SampleNetworks.Spec("""{"mode":"vepa","mtu":9000,"ipam":{"raw":{"type":"static","addresses":[{"address":"10.0.0.1/24"}]}}}""");

        Assert.Equal(
            ClusterNetworkRenderer.Render("n", spec, new NadRenderOptions()).Unwrap().Config,
            ClusterNetworkRenderer.Render("n", SampleNetworks.Parse(System.Text.Json.JsonSerializer.Serialize(spec, NetworkJsonContext.Default.ClusterNetworkSpec)), new NadRenderOptions()).Unwrap().Config);
    }
}
