using System.Text.Json.Nodes;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.ApiServer.Selectors;

namespace Multi.Sandbox.Tests.ApiServer;

public sealed class SelectorParsingTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["env"] = "prod", ["team"] = "" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app = web", true)]
    [InlineData("app==web,env=prod", true)]
    [InlineData("app=db", false)]
    [InlineData("app!=db", true)]
    [InlineData("missing!=x", true)]
    [InlineData("env in (dev,prod)", true)]
    [InlineData("env in (dev)", false)]
    [InlineData("env notin (dev, qa)", true)]
    [InlineData("missing notin (dev)", true)]
    [InlineData("team", true)]
    [InlineData("!team", false)]
    [InlineData("!missing", true)]
    [InlineData("team=", true)]
    [InlineData("app=web,env in (qa,dev)", false)]
    public void LabelSelector_Terms_MatchLikeKubernetes(string selector, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));
    }

    [Theory]
    [InlineData("env in dev")]
    [InlineData("bad key=x")]
    public void LabelSelector_Malformed_Throws400(string selector)
    {
        Assert.Equal(400, Assert.Throws<ApiException>(() => LabelSelector.Parse(selector)).Code);
    }

    [Theory]
    [InlineData("metadata.name=web", true)]
    [InlineData("metadata.name!=web", false)]
    [InlineData("spec.nodeName==n1,metadata.namespace=default", true)]
    [InlineData("status.phase=Running", false)]
    [InlineData("status.phase=", true)]
    public void FieldSelector_Terms_MatchDottedPaths(string selector, bool expected)
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"web","namespace":"default"},"spec":{"nodeName":"n1"}}""")!.AsObject();

        Assert.Equal(expected, FieldSelector.Parse(selector).Matches(pod));
    }
}
