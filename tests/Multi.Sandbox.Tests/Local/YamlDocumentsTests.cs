using System.Text.Json.Nodes;
using Multi.Sandbox.Local;

namespace Multi.Sandbox.Tests.Local;

public sealed class YamlDocumentsTests
{
    [Theory]
    [InlineData("a: 1", "{\"a\":1}")]
    [InlineData("a: -2", "{\"a\":-2}")]
    [InlineData("a: 1.5", "{\"a\":1.5}")]
    [InlineData("a: true", "{\"a\":true}")]
    [InlineData("a: ~", "{\"a\":null}")]
    [InlineData("a: \"1\"", "{\"a\":\"1\"}")]
    [InlineData("a: '1'", "{\"a\":\"1\"}")]
    [InlineData("a: 1.0.0", "{\"a\":\"1.0.0\"}")]
    [InlineData("a: NaN", "{\"a\":\"NaN\"}")]
    [InlineData("a: [x, 2]", "{\"a\":[\"x\",2]}")]
    [InlineData("a: |\n  {\"b\": 1}\n", "{\"a\":\"{\\u0022b\\u0022: 1}\\n\"}")]
    public void Parse_Scalars_KeepTheirYamlTypes(string yaml, string json) =>
        Assert.Equal(json, Assert.Single(YamlDocuments.Parse(yaml)).ToJsonString());

    [Fact]
    public void Parse_MultipleDocumentsWithCommentsAndEmptyOnes_ReturnsEveryObjectInOrder()
    {
        var documents = YamlDocuments.Parse("# header\n---\nkind: A\n---\n---\nkind: B\n");

        Assert.Equal(["A", "B"], documents.Select(d => (string?)d["kind"]));
    }

    [Fact]
    public void Localize_SampleManifest_UsesThePrefixAndStateDirectoryOfTheTopology()
    {
        var topology = new SandboxTopology("mst1", "/tmp/sbx-1");

        var text = topology.Localize("bridge: msbx-br1\ndataDir: /run/multi-sandbox/ipam\nname: sandbox-bridge");

        Assert.Equal("bridge: mst1-br1\ndataDir: /tmp/sbx-1/ipam\nname: sandbox-bridge", text);
    }
}
