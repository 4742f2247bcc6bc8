using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Multi.Core.Delegates;
using Multi.Core.Devices;
using Xunit;

namespace Multi.Core.Tests.Devices;

public sealed class DeviceNamingTests
{
    [Theory]
    [InlineData("intel.com/sriov_netdevice", "0000:03:02.0", "/b/dp/intel.com-sriov_netdevice-0000:03:02.0-device.json")]
    [InlineData("example.com/vhost", "a/b", "/b/dp/example.com-vhost-a-b-device.json")]
    public void DpFile_ReplacesSlashes(string resource, string deviceId, string expected) =>
        Assert.Equal(expected, DeviceInfoPaths.DpFile("/b", resource, deviceId));

    [Theory]
    [InlineData("default/sriov-a", "c0ffee", "net1", "/b/cni/default-sriov-a-c0ffee_net1")]
    [InlineData("kube-system/x", "abc", "eth0", "/b/cni/kube-system-x-abc_eth0")]
    public void CniFile_FollowsTheNamingRule(string network, string containerId, string ifName, string expected)
    {
        Assert.Equal(expected, DeviceInfoPaths.CniFile("/b", network, containerId, ifName));
        Assert.True(DeviceInfoPaths.BelongsTo(Path.GetFileName(expected), containerId));
        Assert.False(DeviceInfoPaths.BelongsTo(Path.GetFileName(expected), "other"));
    }

    [Fact]
    public void WithDevice_Conflist_WritesBothKeysIntoEveryPlugin()
    {
        var network = new NetworkConfigList("sriov", "1.0.0", [new JsonObject { ["type"] = "sriov", ["deviceID"] = "old" }, new JsonObject { ["type"] = "tuning" }]);

        var injected = DeviceInjection.WithDevice(network, "0000:03:02.1");

        Assert.Equal(
            ["""{"type":"sriov","deviceID":"0000:03:02.1","pciBusID":"0000:03:02.1"}""", """{"type":"tuning","deviceID":"0000:03:02.1","pciBusID":"0000:03:02.1"}"""],
            injected.Plugins.Select(p => p.ToJsonString()));
        Assert.Equal("old", network.Plugins[0]["deviceID"]!.GetValue<string>()); // the original is untouched
    }

    public static TheoryData<string, string> Specs => new()
    {
        { """{"containers":[{"name":"a","resources":{"limits":{"intel.com/sriov":"2","cpu":"1"}}}]}""", "intel.com/sriov=2" },
        { """{"containers":[{"resources":{"requests":{"intel.com/sriov":"1"},"limits":{"intel.com/sriov":"1"}}},{"resources":{"requests":{"intel.com/sriov":"1"}}}]}""", "intel.com/sriov=2" },
        { """{"containers":[{"resources":{"limits":{"r.io/x":"1"}}}],"initContainers":[{"resources":{"limits":{"r.io/x":"3","r.io/y":"1"}}}]}""", "r.io/x=3;r.io/y=1" },
        { """{"containers":[{"resources":{"limits":{"r.io/x":"0"}}}]}""", "" },
        { """{"containers":[{"resources":{"limits":{"r.io/x":"1k"}}}]}""", "r.io/x=1" },
        { """{"containers":[{"resources":{"limits":{"r.io/x":2}}}]}""", "r.io/x=2" },
        { """{"containers":[{"name":"a"}, 5, {"resources":[]}]}""", "" },
        { """{"containers":{}}""", "" },
        { "{}", "" },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void FromSpec_CountsExtendedResourcesOnly(string spec, string expected)
    {
        var requests = PodResourceRequests.FromSpec(JsonNode.Parse(spec)!.AsObject());

        Assert.Equal(expected, string.Join(";", requests.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
    }

    [Fact]
    public void Collect_SameIdTwice_KeepsItOnce()
    {
        var devices = ResourceDevices.Collect([("r/x", ImmutableArray.Create("1", "2")), ("r/x", ["2", "3"]), ("", ["9"])], "s");

        Assert.Equal(["1", "2", "3"], devices.For("r/x"));
        Assert.Empty(devices.For("r/y"));
    }
}
