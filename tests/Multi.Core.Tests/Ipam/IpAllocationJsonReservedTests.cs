using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Core.Ipam;

namespace Multi.Core.Tests.Ipam;

/// <summary>Node-reserved claims: the create body, the bind patch that makes one an ordinary claim, and the binding time read back.</summary>
public sealed class IpAllocationJsonReservedTests
{
    private static readonly IpCandidate Candidate = new(IPAddress.Parse("10.0.0.5"), "10.0.0.5", 24, "blue.10.0.0.5", TimeSpan.Zero, Preferred: false);

    private static readonly IpAllocationOwner Owner = new("apps", "web-0", "uid-1", "c1", "net1", "node-a");

    [Fact]
    public void ReservedUtf8_IsTheGoldenCreateBody()
    {
        var text = Encoding.UTF8.GetString(IpAllocationJson.ReservedUtf8("blue", Candidate, "node-a"));

        Assert.Equal(
            """{"apiVersion":"multi.dev/v1alpha1","kind":"IPAllocation","metadata":{"name":"blue.10.0.0.5","labels":{"multi.dev/pool":"blue","multi.dev/node":"node-a"}},"spec":{"pool":"blue","address":"10.0.0.5","kind":"node-reserved","owner":{"podNamespace":"","podName":"","podUid":"","containerId":"","interface":"","node":"node-a"}}}""",
            text);
    }

    [Fact]
    public void BindPatch_AppliedToAReservedClaim_GivesTheClaimAFreshCreateWrites()
    {
        var reserved = Answer(IpAllocationJson.ReservedUtf8("blue", Candidate, "node-a"), "7");
        var at = new DateTimeOffset(2026, 12, 7, 11, 0, 0, 500, TimeSpan.Zero);
        var reservedClaim = IpAllocationJson.Parse(reserved)!;

        var patch = IpAllocationJson.BindPatch(reservedClaim, Owner, at);
        var bound = MergePatch(reserved, patch);
        var created = Answer(IpAllocationJson.ToUtf8("blue", Candidate, Owner, IpAllocationKinds.Dynamic), "9");

        Assert.Equal(("uid-1", "7"), ((string?)patch["metadata"]!["uid"], (string?)patch["metadata"]!["resourceVersion"]));
        Assert.True(JsonNode.DeepEquals(created["spec"], bound["spec"]), bound["spec"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(created["metadata"]!["labels"], bound["metadata"]!["labels"]), bound["metadata"]!["labels"]!.ToJsonString());
        var claim = IpAllocationJson.Parse(bound)!;
        Assert.Equal((IpAllocationKinds.Dynamic, Owner, at), (claim.Kind, claim.Owner, claim.Bound));
        Assert.Equal(IpAllocationKinds.NodeReserved, reservedClaim.Kind);
        Assert.Equal("7", reservedClaim.ResourceVersion);
    }

    [Fact]
    public void BindPatch_ClaimWithoutAResourceVersion_IsRefused()
    {
        var claim = new IpAllocationClaim("blue.10.0.0.5", "u", "blue", Candidate.Address, Owner, null, IpAllocationKinds.NodeReserved);

        var error = Assert.Throws<ArgumentException>(() => IpAllocationJson.BindPatch(claim, Owner, DateTimeOffset.UnixEpoch));

        Assert.Contains("blue.10.0.0.5 has no resource version", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-12-07T10:00:00Z", null, "2026-12-07T10:00:00Z")]
    [InlineData("2026-12-07T10:00:00Z", "2026-12-07T11:00:00.250000Z", "2026-12-07T11:00:00.25Z")]
    [InlineData("2026-12-07T10:00:00Z", "2026-12-07T09:00:00Z", "2026-12-07T10:00:00Z")]
    [InlineData(null, "2026-12-07T09:00:00Z", "2026-12-07T09:00:00Z")]
    [InlineData("2026-12-07T10:00:00Z", "not a time", "2026-12-07T10:00:00Z")]
    [InlineData(null, null, null)]
    public void Since_IsTheLaterOfCreationAndBinding(string? created, string? boundAt, string? since)
    {
        var obj = Answer(IpAllocationJson.ToUtf8("blue", Candidate, Owner, IpAllocationKinds.Dynamic), "3");
        if (created is not null)
        {
            obj["metadata"]!["creationTimestamp"] = created;
        }

        if (boundAt is not null)
        {
            obj["metadata"]!["annotations"] = new JsonObject { [IpAllocationJson.BoundAtAnnotation] = boundAt };
        }

        var claim = IpAllocationJson.Parse(obj)!;

        Assert.Equal(since is null ? null : DateTimeOffset.Parse(since, System.Globalization.CultureInfo.InvariantCulture), claim.Since);
    }

    private static JsonObject Answer(byte[] body, string resourceVersion)
    {
        var obj = (JsonObject)JsonNode.Parse(body)!;
        obj["metadata"]!["uid"] = "uid-1";
        obj["metadata"]!["resourceVersion"] = resourceVersion;
        return obj;
    }

    /// <summary>RFC 7386, enough for these objects: null removes, objects merge, anything else replaces.</summary>
    private static JsonObject MergePatch(JsonObject target, JsonObject patch)
    {
        var result = (JsonObject)target.DeepClone();
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject child && result[key] is JsonObject existing)
            {
                result[key] = MergePatch(existing, child);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }
}
