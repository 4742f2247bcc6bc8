using Multi.Core.Networks;
using Xunit;

namespace Multi.Core.Tests.Networks;

public sealed class LabelSelectorMatcherTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["env"] = "prod", ["team"] = "net", ["empty"] = "" };

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{"matchLabels":{}}""", true)]
    [InlineData("""{"matchLabels":{"env":"prod"}}""", true)]
    [InlineData("""{"matchLabels":{"env":"prod","team":"net"}}""", true)]
    [InlineData("""{"matchLabels":{"env":"dev"}}""", false)]
    [InlineData("""{"matchLabels":{"missing":""}}""", false)]
    [InlineData("""{"matchLabels":{"empty":""}}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"In","values":["dev","prod"]}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"In","values":["dev"]}]}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"missing","operator":"In","values":["x"]}]}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"NotIn","values":["dev"]}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"NotIn","values":["prod"]}]}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"missing","operator":"NotIn","values":["x"]}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"team","operator":"Exists"}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"missing","operator":"Exists"}]}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"missing","operator":"DoesNotExist"}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"team","operator":"DoesNotExist"}]}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"team","operator":"exists"}]}""", false)]
    [InlineData("""{"matchLabels":{"env":"prod"},"matchExpressions":[{"key":"team","operator":"NotIn","values":["net"]}]}""", false)]
    public void Matches_SelectorAgainstLabels_KubernetesSemantics(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelectorMatcher.Matches(Parse(selector), Labels));

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"DoesNotExist"}]}""", true)]
    [InlineData("""{"matchLabels":{"a":"b"}}""", false)]
    public void Matches_NullLabels_TreatedAsEmpty(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelectorMatcher.Matches(Parse(selector), null));

    private static LabelSelectorSpec Parse(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<LabelSelectorSpec>(json, Support.SampleNetworks.Web)!;
}
