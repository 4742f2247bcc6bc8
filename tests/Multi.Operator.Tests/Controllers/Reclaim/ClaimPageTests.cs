using k8s;
using Multi.Operator.Controllers.Reclaim;

namespace Multi.Operator.Tests.Controllers.Reclaim;

/// <summary>An audit page decoded in one pass: well-formed claims kept, each malformed item alone skipped.</summary>
public sealed class ClaimPageTests
{
    private const string Owner = """{"podNamespace":"apps","podName":"a","podUid":"u-1","containerId":"c-1","interface":"net1","node":"node-a"}""";

    /// <summary>An owner whose pod UID is a number: not of the claim's shape.</summary>
    private const string BadOwner = """{"podNamespace":"apps","podName":"b","podUid":42}""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Deserialize_MalformedItemsAmongClaims_OnlyWellFormedClaimsKept(bool fromStream)
    {
        var page = Decode(fromStream, $$$"""
            {"kind":"IPAllocationList","apiVersion":"multi.dev/v1alpha1","metadata":{"resourceVersion":"9","continue":"next-token"},"items":[
              {{{Claim("p.10.0.0.1", Owner)}}},
              {{{Claim("p.10.0.0.2", BadOwner)}}},
              null,
              "not an object",
              {"apiVersion":"multi.dev/v1alpha1","kind":"IPAllocation","metadata":{"name":"p.10.0.0.3"},"spec":{"pool":"p","address":"10.0.0.3"}},
              {"apiVersion":"multi.dev/v1alpha1","kind":"IPAllocation","metadata":{},"spec":{"pool":"p","address":"10.0.0.4","owner":{{{Owner}}}}},
              {{{Claim("p.10.0.0.5", Owner)}}}
            ]}
            """);

        Assert.Equal("next-token", page.Metadata?.Continue);
        var claims = page.Claims();
        Assert.Equal(["p.10.0.0.1", "p.10.0.0.5"], claims.Select(c => c.Metadata.Name));
        Assert.Equal("u-1", claims[0].Spec.Owner.PodUid);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), claims[1].Metadata.CreationTimestamp);
    }

    [Fact]
    public void Deserialize_LastPage_NoContinueToken()
    {
        var page = KubernetesJson.Deserialize<ClaimPage>("""{"metadata":{"resourceVersion":"9"},"items":[]}""");

        Assert.Null(page.Metadata?.Continue);
        Assert.Empty(page.Claims());
    }

    /// <summary>From text, or from a stream as the client reads an answer (the reader then sees partial buffers).</summary>
    private static ClaimPage Decode(bool fromStream, string json)
    {
        if (!fromStream)
        {
            return KubernetesJson.Deserialize<ClaimPage>(json);
        }

        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return KubernetesJson.Deserialize<ClaimPage>(stream);
    }

    private static string Claim(string name, string owner) =>
        $$$"""{"apiVersion":"multi.dev/v1alpha1","kind":"IPAllocation","metadata":{"name":"{{{name}}}","uid":"x-{{{name}}}","resourceVersion":"7","creationTimestamp":"2026-01-02T03:04:05Z","labels":{"multi.dev/pool":"p"}},"spec":{"pool":"p","address":"10.0.0.1","owner":{{{owner}}}}}""";
}
