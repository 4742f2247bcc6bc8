using System.Text;
using Multi.Core.Cni;
using Multi.Core.State;
using Xunit;

namespace Multi.Core.Tests.State;

public sealed class MultusCacheCodecTests
{
    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_AFileAsMultusWritesIt_GivesDelegatesWithMultusInterfaceNames()
    {
        var cluster = B64("""{"cniVersion":"0.3.1","name":"k8s-pod-network","plugins":[{"type":"bridge","bridge":"cni0"},{"type":"portmap","capabilities":{"portMappings":true}}]}""");
        var second = B64("""{"cniVersion":"0.3.1","name":"macvlan-conf","type":"macvlan","master":"eth0"}""");
        var third = B64("""{"name":"sriov","type":"sriov"}""");
        var file = $$"""
            [{"Conf":{"cniVersion":"","name":"","type":""},"ConfList":{"cniVersion":"0.3.1","name":"k8s-pod-network","plugins":null},"Name":"","IsFilterV4Gateway":false,"IsFilterV6Gateway":false,"Bytes":"{{cluster}}"},
             {"Conf":{"cniVersion":"0.3.1","name":"macvlan-conf","type":"macvlan"},"ConfList":{"cniVersion":"","name":"","plugins":null},"Name":"default/macvlan-conf","ifnameRequest":"data0","macRequest":"c2:11:22:33:44:55","ipRequest":["10.1.1.5/24"],"IsFilterV4Gateway":false,"IsFilterV6Gateway":false,"Bytes":"{{second}}"},
             {"Conf":{"cniVersion":"","name":"sriov","type":"sriov"},"Name":"default/sriov","deviceID":"0000:03:00.1","Bytes":"{{third}}"}]
            """;

        var entries = MultusCacheCodec.Parse(Encoding.UTF8.GetBytes(file), "eth0", "1.0.0").Unwrap();

        Assert.Equal(["eth0 k8s-pod-network bridge,portmap", "data0 macvlan-conf macvlan", "net2 sriov sriov"],
            entries.Select(e => $"{e.IfName} {e.Network.Name} {string.Join(',', e.Network.Plugins.Select(p => p["type"]!.GetValue<string>()))}"));
        Assert.Equal("c2:11:22:33:44:55", entries[1].MacRequest);
        Assert.Equal(["10.1.1.5/24"], entries[1].IpRequest);
        Assert.Equal("1.0.0", entries[2].Network.CniVersion);
        Assert.Null(entries[0].MacRequest);
    }

    [Theory]
    [InlineData("", "unusable Multus cache file")]
    [InlineData("{}", "not a non-empty JSON array")]
    [InlineData("[]", "not a non-empty JSON array")]
    [InlineData("[{}]", "Multus cache entry 0 has no \"Bytes\"")]
    [InlineData("[{\"Bytes\":\"%%%\"}]", "unusable Multus cache file")]
    [InlineData("[{\"Bytes\":\"e30=\"}]", "Multus cache entry 0")]
    public void Parse_Malformed_IsACacheError(string file, string message)
    {
        var error = MultusCacheCodec.Parse(Encoding.UTF8.GetBytes(file), "eth0", "1.0.0").Error;

        Assert.NotNull(error);
        Assert.Contains(error.Code, new[] { CniErrorCode.CacheFailure, CniErrorCode.InvalidNetworkConfig });
        Assert.Contains(message, error.Msg, StringComparison.Ordinal);
    }
}
