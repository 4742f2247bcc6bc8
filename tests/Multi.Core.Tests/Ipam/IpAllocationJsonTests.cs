using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Core.Ipam;

namespace Multi.Core.Tests.Ipam;

/// <summary>A claim's create body as written without a tree, and the claim read back from the metadata of the server's answer.</summary>
public sealed class IpAllocationJsonTests
{
    private static readonly IpAllocationOwner Owner = new("ns", "web-0", "pod-uid", "c\"1\\ü", "net1", "node-a");

    private static readonly string Name = IpAllocationName.Format("blue", IPAddress.Parse("fd00::7"));

    private static readonly IpCandidate Candidate = new(IPAddress.Parse("fd00::7"), "fd00::7", 64, Name, TimeSpan.Zero, Preferred: false);

    [Fact]
    public void ToUtf8_IsTheClaimObject_ReadBackByParse()
    {
        var obj = (JsonObject)JsonNode.Parse(IpAllocationJson.ToUtf8("blue", Candidate, Owner, IpAllocationKinds.Dynamic))!;
        var labels = obj["metadata"]!["labels"]!;

        var claim = IpAllocationJson.Parse(AsAnswer(obj, "uid-1"))!;

        Assert.Equal(("multi.dev/v1alpha1", "IPAllocation"), ((string?)obj["apiVersion"], (string?)obj["kind"]));
        Assert.Equal(("blue", IpAllocationJson.OwnerKey(Owner.ContainerId, Owner.Interface), "node-a"), ((string?)labels["multi.dev/pool"], (string?)labels["multi.dev/owner"], (string?)labels["multi.dev/node"]));
        Assert.Equal((Name, "uid-1", "blue", IPAddress.Parse("fd00::7"), Owner), (claim.Name, claim.Uid, claim.Pool, claim.Address, claim.Owner));
        Assert.Equal("fd00::7", (string?)obj["spec"]!["address"]);
        Assert.Equal((IpAllocationKinds.Dynamic, IpAllocationKinds.Dynamic), ((string?)obj["spec"]!["kind"], claim.Kind));
    }

    [Fact]
    public void ToUtf8_IsTheGoldenCreateBody()
    {
        var candidate = new IpCandidate(IPAddress.Parse("10.0.0.5"), "10.0.0.5", 24, "blue.10.0.0.5", TimeSpan.Zero, Preferred: false);
        var owner = new IpAllocationOwner("apps", "web-0", "uid-1", "c1", "net1", "node-a");

        var text = Encoding.UTF8.GetString(IpAllocationJson.ToUtf8("blue", candidate, owner, IpAllocationKinds.Static));

        Assert.Equal(
            """{"apiVersion":"multi.dev/v1alpha1","kind":"IPAllocation","metadata":{"name":"blue.10.0.0.5","labels":{"multi.dev/pool":"blue","multi.dev/owner":"KEY","multi.dev/node":"node-a"}},"spec":{"pool":"blue","address":"10.0.0.5","kind":"static","owner":{"podNamespace":"apps","podName":"web-0","podUid":"uid-1","containerId":"c1","interface":"net1","node":"node-a"}}}"""
                .Replace("KEY", IpAllocationJson.OwnerKey("c1", "net1"), StringComparison.Ordinal),
            text);
    }

    [Fact]
    public void OwnerKey_IsTheFirst20BytesOfSha256OfContainerNewlineInterface_InLowerHex()
    {
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{Owner.ContainerId}\n{Owner.Interface}"))[..20]);

        Assert.Equal(expected, IpAllocationJson.OwnerKey(Owner.ContainerId, Owner.Interface));
        Assert.NotEqual(expected, IpAllocationJson.OwnerKey(Owner.ContainerId, "net2"));
    }

    [Theory]
    [InlineData(null, "dynamic")]
    [InlineData("dynamic", "dynamic")]
    [InlineData("static", "static")]
    [InlineData("sticky", "sticky")]
    [InlineData("node-reserved", "node-reserved")]
    public void Parse_ReadsTheKind_AClaimWithoutOneIsDynamic(string? kind, string expected)
    {
        var obj = (JsonObject)JsonNode.Parse(IpAllocationJson.ToUtf8("blue", Candidate, Owner, IpAllocationKinds.Dynamic))!;
        obj["spec"]!.AsObject().Remove("kind");
        if (kind is not null)
        {
            obj["spec"]!["kind"] = kind;
        }

        Assert.Equal(expected, IpAllocationJson.Parse(AsAnswer(obj, "uid-1"))!.Kind);
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"blue.10.0.0.5"},"spec":{"owner":{}}}""")]
    [InlineData("""{"metadata":{"name":"not-a-claim-name","uid":"u"},"spec":{"owner":{}}}""")]
    [InlineData("""{"metadata":{"name":"blue.10.0.0.5","uid":"u"},"spec":{}}""")]
    [InlineData("""{"metadata":{"name":"blue.10.0.0.5","uid":"u"},"spec":{"kind":7,"owner":{}}}""")]
    public void Parse_AnObjectThatIsNoWellFormedClaim_IsNull(string json)
    {
        Assert.Null(IpAllocationJson.Parse((JsonObject)JsonNode.Parse(json)!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("node name with spaces")]
    public void ToUtf8_ANodeThatIsNoLabelValue_GetsNoNodeLabelButKeepsItsName(string node)
    {
        var obj = JsonNode.Parse(IpAllocationJson.ToUtf8("blue", Candidate, Owner with { Node = node }, IpAllocationKinds.Dynamic))!;

        Assert.Null(obj["metadata"]!["labels"]!["multi.dev/node"]);
        Assert.Equal(node, (string?)obj["spec"]!["owner"]!["node"]);
    }

    [Fact]
    public void Created_ReadsNameUidAndCreationTimeFromTheMetadataOnly()
    {
        var answer = AsAnswer((JsonObject)JsonNode.Parse(IpAllocationJson.ToUtf8("blue", Candidate, Owner, IpAllocationKinds.Dynamic))!, "uid-1");
        answer["metadata"]!["creationTimestamp"] = "2026-11-22T10:00:00Z";
        answer["metadata"]!["managedFields"] = new JsonArray(new JsonObject { ["name"] = "not this one" });
        answer["spec"] = new JsonObject { ["address"] = "10.9.9.9", ["owner"] = new JsonObject() };

        var claim = IpAllocationJson.Created(Encoding.UTF8.GetBytes(answer.ToJsonString()), "blue", Candidate, Owner, IpAllocationKinds.Static)!;

        Assert.Equal(new IpAllocationClaim(Name, "uid-1", "blue", IPAddress.Parse("fd00::7"), Owner, new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero), IpAllocationKinds.Static), claim);
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
        Assert.Null(IpAllocationJson.Created(Encoding.UTF8.GetBytes(answer.Replace("NAME", Name, StringComparison.Ordinal)), "blue", Candidate, Owner, IpAllocationKinds.Static));
    }

    [Fact]
    public void Created_WithoutACreationTime_HasNone()
    {
        var answer = """{"metadata":{"uid":"u","name":"NAME","creationTimestamp":"yesterday"}}""".Replace("NAME", Name, StringComparison.Ordinal);

        var claim = IpAllocationJson.Created(Encoding.UTF8.GetBytes(answer), "blue", Candidate, Owner, IpAllocationKinds.Static);

        Assert.Equal(("u", null), (claim!.Uid, claim.Created));
    }

    private static JsonObject AsAnswer(JsonObject sent, string uid)
    {
        sent["metadata"]!["uid"] = uid;
        return sent;
    }
}
