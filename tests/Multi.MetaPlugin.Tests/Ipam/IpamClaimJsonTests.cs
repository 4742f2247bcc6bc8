using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Core.Ipam;
using Multi.MetaPlugin.Ipam;

namespace Multi.MetaPlugin.Tests.Ipam;

/// <summary>A claim's create body as written without a tree, and the claim read back from the metadata of the server's answer.</summary>
public sealed class IpamClaimJsonTests
{
    private static readonly IpAllocationOwner Owner = new("ns", "web-0", "pod-uid", "c\"1\\ü", "net1", "node-a");

    private static readonly string Name = IpAllocationName.Format("blue", IPAddress.Parse("fd00::7"));

    private static readonly IpCandidate Candidate = new(IPAddress.Parse("fd00::7"), "fd00::7", 64, Name, TimeSpan.Zero, Preferred: false);

    [Fact]
    public void ToUtf8_IsTheClaimObject_ReadBackByParse()
    {
        var obj = (JsonObject)JsonNode.Parse(IpamClaimJson.ToUtf8("blue", Candidate, Owner))!;
        var labels = obj["metadata"]!["labels"]!;

        var claim = IpamClaimJson.Parse(AsAnswer(obj, "uid-1"))!;

        Assert.Equal(("multi.dev/v1alpha1", "IPAllocation"), ((string?)obj["apiVersion"], (string?)obj["kind"]));
        Assert.Equal(("blue", IpamClaimJson.OwnerKey(Owner.ContainerId, Owner.Interface), "node-a"), ((string?)labels["multi.dev/pool"], (string?)labels["multi.dev/owner"], (string?)labels["multi.dev/node"]));
        Assert.Equal((Name, "uid-1", "blue", IPAddress.Parse("fd00::7"), Owner), (claim.Name, claim.Uid, claim.Pool, claim.Address, claim.Owner));
        Assert.Equal("fd00::7", (string?)obj["spec"]!["address"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("node name with spaces")]
    public void ToUtf8_ANodeThatIsNoLabelValue_GetsNoNodeLabelButKeepsItsName(string node)
    {
        var obj = JsonNode.Parse(IpamClaimJson.ToUtf8("blue", Candidate, Owner with { Node = node }))!;

        Assert.Null(obj["metadata"]!["labels"]!["multi.dev/node"]);
        Assert.Equal(node, (string?)obj["spec"]!["owner"]!["node"]);
    }

    [Fact]
    public void Created_ReadsNameUidAndCreationTimeFromTheMetadataOnly()
    {
        var answer = AsAnswer((JsonObject)JsonNode.Parse(IpamClaimJson.ToUtf8("blue", Candidate, Owner))!, "uid-1");
        answer["metadata"]!["creationTimestamp"] = "2026-11-22T10:00:00Z";
        answer["metadata"]!["managedFields"] = new JsonArray(new JsonObject { ["name"] = "not this one" });
        answer["spec"] = new JsonObject { ["address"] = "10.9.9.9", ["owner"] = new JsonObject() };

        var claim = IpamClaimJson.Created(Encoding.UTF8.GetBytes(answer.ToJsonString()), "blue", Candidate, Owner)!;

        Assert.Equal(new IpamClaim(Name, "uid-1", "blue", IPAddress.Parse("fd00::7"), Owner, new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero)), claim);
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"blue.other","uid":"u"}}""")]
    [InlineData("""{"metadata":{"name":"NAME"}}""")]
    [InlineData("""{"metadata":{"name":"NAME","uid":""}}""")]
    [InlineData("""{"metadata":{"name":"NAME","uid":7}}""")]
    [InlineData("""{"metadata":{"name":["NAME"],"uid":"u"}}""")]
    [InlineData("""{"metadata":"NAME"}""")]
    [InlineData("""{"kind":"IPAllocation"}""")]
    [InlineData("""["NAME"]""")]
    [InlineData("""{"metadata":{"name":"NAME","uid":"u"},"spec":{""")]
    [InlineData("""{"metadata":{"name":"NAME","uid":"u"}} {}""")]
    [InlineData("")]
    public void Created_AnAnswerWithoutTheNameAndAUid_OrNotOneJsonObject_IsNull(string answer)
    {
        Assert.Null(IpamClaimJson.Created(Encoding.UTF8.GetBytes(answer.Replace("NAME", Name, StringComparison.Ordinal)), "blue", Candidate, Owner));
    }

    [Fact]
    public void Created_WithoutACreationTime_HasNone()
    {
        var answer = """{"metadata":{"uid":"u","name":"NAME","creationTimestamp":"yesterday"}}""".Replace("NAME", Name, StringComparison.Ordinal);

        var claim = IpamClaimJson.Created(Encoding.UTF8.GetBytes(answer), "blue", Candidate, Owner);

        Assert.Equal(("u", null), (claim!.Uid, claim.Created));
    }

    private static JsonObject AsAnswer(JsonObject sent, string uid)
    {
        sent["metadata"]!["uid"] = uid;
        return sent;
    }
}
