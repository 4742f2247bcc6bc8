using System.Text.Json.Nodes;
using Xunit;

namespace Multi.Core.Tests.Support;

internal static class JsonAssert
{
    /// <summary>Compares compact texts, so member order and values must match exactly.</summary>
    public static void Equal(string expectedJson, JsonNode? actual) =>
        Assert.Equal(TestJson.Text(JsonNode.Parse(expectedJson)), TestJson.Text(actual));
}
