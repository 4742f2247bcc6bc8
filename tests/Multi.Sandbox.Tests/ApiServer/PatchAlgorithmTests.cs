using System.Text.Json.Nodes;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.ApiServer.Patching;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>The patch algorithms as pure functions; the RFC 7386 table is the RFC's own appendix.</summary>
public sealed class PatchAlgorithmTests
{
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void JsonMergePatch_Rfc7386Examples_ProduceTheRfcResult(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result?.ToJsonString());
    }

    [Theory]
    [InlineData("""{"a":[1,2]}""", """[{"op":"add","path":"/a/1","value":9}]""", """{"a":[1,9,2]}""")]
    [InlineData("""{"a":[1,2]}""", """[{"op":"remove","path":"/a/0"}]""", """{"a":[2]}""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"move","from":"/a/b","path":"/c"}]""", """{"a":{},"c":1}""")]
    [InlineData("""{"a":1}""", """[{"op":"copy","from":"/a","path":"/b"}]""", """{"a":1,"b":1}""")]
    [InlineData("""{"a/b":1}""", """[{"op":"replace","path":"/a~1b","value":2}]""", """{"a/b":2}""")]
    public void JsonPatch_Operations_ApplyAsRfc6902(string target, string patch, string expected)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(target)!, JsonNode.Parse(patch));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result.ToJsonString());
    }

    [Theory]
    [InlineData("""[{"op":"remove","path":"/missing"}]""")]
    [InlineData("""[{"op":"test","path":"/a","value":2}]""")]
    [InlineData("""[{"op":"replace","path":"/a/b/c","value":2}]""")]
    public void JsonPatch_InapplicableOperation_Throws422(string patch)
    {
        var error = Assert.Throws<ApiException>(() => JsonPatch.Apply(JsonNode.Parse("""{"a":1}""")!, JsonNode.Parse(patch)));

        Assert.Equal(422, error.Code);
    }

    [Theory]
    [InlineData("""{"metadata":{"finalizers":["a"]}}""", """{"metadata":{"finalizers":["b","a"]}}""", """{"metadata":{"finalizers":["a","b"]}}""")]
    [InlineData("""{"metadata":{"finalizers":["a","b"]}}""", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""", """{"metadata":{"finalizers":["b"]}}""")]
    [InlineData("""{"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"K","value":"1"}]}]}}""",
        """{"spec":{"containers":[{"name":"a","env":[{"name":"L","value":"2"}]}]}}""",
        """{"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"K","value":"1"},{"name":"L","value":"2"}]}]}}""")]
    [InlineData("""{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""", """{"spec":{"containers":[{"$patch":"replace"},{"name":"c"}]}}""", """{"spec":{"containers":[{"name":"c"}]}}""")]
    [InlineData("""{"spec":{"tolerations":[{"key":"a"}]}}""", """{"spec":{"tolerations":[{"key":"b"}]}}""", """{"spec":{"tolerations":[{"key":"b"}]}}""")]
    [InlineData("""{"spec":{"nodeSelector":{"a":"1","b":"2"}}}""", """{"spec":{"nodeSelector":{"$patch":"replace","c":"3"}}}""", """{"spec":{"nodeSelector":{"c":"3"}}}""")]
    [InlineData("""{"spec":{"nodeSelector":{"a":"1"},"x":1}}""", """{"spec":{"nodeSelector":{"$patch":"delete"}}}""", """{"spec":{"x":1}}""")]
    [InlineData("""{"status":{"conditions":[{"type":"Ready","status":"False"}]}}""", """{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""", """{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""")]
    public void StrategicMergePatch_Directives_MergeLikeTheApiServer(string target, string patch, string expected)
    {
        var result = StrategicMergePatch.Apply(JsonNode.Parse(target)!.AsObject(), JsonNode.Parse(patch));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result.ToJsonString());
    }
}
