using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Core.Ipam;

namespace Multi.Core.Tests.Ipam;

/// <summary>IPPool objects read into specs (the node selector in particular), and which nodes a selector admits.</summary>
public sealed class IpPoolJsonTests
{
    private static JsonObject Pool(string spec) => new() { ["metadata"] = new JsonObject { ["name"] = "blue" }, ["spec"] = JsonNode.Parse(spec) };

    [Theory]
    [InlineData("""{"cidr":"10.0.0.0/24"}""", "")]
    [InlineData("""{"cidr":"10.0.0.0/24","nodeSelector":{}}""", "")]
    [InlineData("""{"cidr":"10.0.0.0/24","nodeSelector":{"zone":"a","rack":"r1"}}""", "rack=r1,zone=a")]
    public void Parse_NodeSelector_ReadAsGiven(string spec, string expected)
    {
        var pool = IpPoolJson.Parse("blue", Pool(spec)).Unwrap();

        Assert.Equal(expected, string.Join(",", pool.Spec.NodeSelector.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")));
    }

    [Theory]
    [InlineData("""{"cidr":"10.0.0.0/24","nodeSelector":{"zone":1}}""", "\"nodeSelector.zone\" must be a string")]
    [InlineData("""{"cidr":"10.0.0.0/24","nodeSelector":["zone"]}""", "nodeSelector")]
    public void Parse_BadNodeSelector_Code123NamingIt(string spec, string expected)
    {
        var outcome = IpPoolJson.Parse("blue", Pool(spec));

        Assert.False(outcome.IsOk);
        Assert.Equal(CniErrorCode.PoolUnusable, outcome.Error.Code);
        Assert.Contains("pool blue is unusable", outcome.Error.Msg, StringComparison.Ordinal);
        Assert.Contains(expected, outcome.Error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "zone=a", true)]
    [InlineData("zone=a", "zone=a,rack=r1", true)]
    [InlineData("zone=a,rack=r1", "zone=a,rack=r1", true)]
    [InlineData("zone=a", "zone=b", false)]
    [InlineData("zone=a", "", false)]
    [InlineData("zone=a,rack=r1", "zone=a", false)]
    [InlineData("zone=a", "Zone=a", false)]
    public void SelectsNode_EveryTermNeedsAnEqualLabel(string selector, string labels, bool expected)
    {
        var spec = new IpPoolSpec { Cidr = "10.0.0.0/24", NodeSelector = Map(selector) };

        Assert.Equal(expected, spec.SelectsNode(Map(labels)));
    }

    private static Dictionary<string, string> Map(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
}
