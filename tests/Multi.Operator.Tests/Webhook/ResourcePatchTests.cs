using System.Text.Json;
using k8s;
using k8s.Models;
using Multi.Operator.Webhook;

namespace Multi.Operator.Tests.Webhook;

public sealed class ResourcePatchTests
{
    [Theory]
    [InlineData(null, "r.io/a=1", """[{"op":"add","path":"/spec/containers/0/resources","value":{"requests":{"r.io/a":"1"},"limits":{"r.io/a":"1"}}}]""")]
    [InlineData("{}", "r.io/a=2", """[{"op":"add","path":"/spec/containers/0/resources/requests","value":{"r.io/a":"2"}},{"op":"add","path":"/spec/containers/0/resources/limits","value":{"r.io/a":"2"}}]""")]
    [InlineData("""{"requests":{"cpu":"1"}}""", "r.io/a=1", """[{"op":"add","path":"/spec/containers/0/resources/requests/r.io~1a","value":"1"},{"op":"add","path":"/spec/containers/0/resources/limits","value":{"r.io/a":"1"}}]""")]
    [InlineData("""{"requests":{"r.io/a":"1"},"limits":{"r.io/a":"1"}}""", "r.io/a=3", """[{"op":"add","path":"/spec/containers/0/resources/requests/r.io~1a","value":"3"},{"op":"add","path":"/spec/containers/0/resources/limits/r.io~1a","value":"3"}]""")]
    [InlineData("""{"requests":{"r.io/a":"5"},"limits":{"r.io/a":"5"}}""", "r.io/a=3", null)]
    [InlineData("""{"limits":{"r.io/a":"4"}}""", "r.io/a=1", """[{"op":"add","path":"/spec/containers/0/resources/requests","value":{"r.io/a":"4"}}]""")]
    [InlineData("""{"requests":{"r.io/a":"2"},"limits":{"r.io/a":"2"}}""", "r.io/a=2;r.io/b~x=1", """[{"op":"add","path":"/spec/containers/0/resources/requests/r.io~1b~0x","value":"1"},{"op":"add","path":"/spec/containers/0/resources/limits/r.io~1b~0x","value":"1"}]""")]
    [InlineData(null, "", null)]
    public void For_ExistingResourcesAndNeed_MinimalPatch(string? resources, string needed, string? patch)
    {
        var existing = resources is null ? null : KubernetesJson.Deserialize<V1ResourceRequirements>(resources);
        var need = needed.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(patch, ResourcePatch.For(existing, new SortedDictionary<string, int>(need, StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a/b", "a~1b")]
    [InlineData("~/", "~0~1")]
    public void Escape_JsonPointerToken_Rfc6901(string token, string escaped) => Assert.Equal(escaped, ResourcePatch.Escape(token));

    [Fact]
    public void For_Patch_IsJson()
    {
        var patch = ResourcePatch.For(null, new Dictionary<string, int> { ["x.io/y"] = 1 });

        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(patch!).RootElement.ValueKind);
    }
}
