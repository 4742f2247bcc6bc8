using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Annotations;

public sealed class NamespaceIsolationPolicyTests
{
    [Theory]
    [InlineData(null, "default")]
    [InlineData("", "")]
    [InlineData("a, b ,c", "a|b|c")]
    [InlineData(" kube-system ,,", "kube-system")]
    public void Create_GlobalNamespaces_ReplaceTheDefault(string? setting, string expected) =>
        Assert.Equal(expected, string.Join('|', NamespaceIsolationPolicy.Create(true, setting).GlobalNamespaces));

    [Theory]
    [InlineData(false, null, "other/a")]
    [InlineData(true, null, "a")]
    [InlineData(true, null, "pod-ns/a")]
    [InlineData(true, null, "default/a")]
    [InlineData(true, "shared, default", "shared/a,default/b,c")]
    public void Check_Allowed(bool enabled, string? global, string annotation)
    {
        var selections = NetworkSelectionParser.Parse(annotation, "pod-ns").Unwrap();

        Assert.True(NamespaceIsolationPolicy.Create(enabled, global).Check("pod-ns", "web-0", selections).IsOk);
    }

    [Theory]
    [InlineData(null, "a,other/b", "other")]
    [InlineData("shared", "default/a", "default")]
    [InlineData("", "default/a", "default")]
    public void Check_CrossNamespace_Fails105NamingBothNamespaces(string? global, string annotation, string target)
    {
        var selections = NetworkSelectionParser.Parse(annotation, "pod-ns").Unwrap();

        var error = NamespaceIsolationPolicy.Create(true, global).Check("pod-ns", "web-0", selections).Error;

        Assert.NotNull(error);
        Assert.Equal(CniErrorCode.PolicyViolation, error.Code);
        Assert.StartsWith("namespace isolation violation: pod pod-ns/web-0 in namespace \"pod-ns\"", error.Msg, StringComparison.Ordinal);
        Assert.Contains($"of target namespace \"{target}\"", error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{}""", false, "default")]
    [InlineData("""{"namespaceIsolation":true,"globalNamespaces":"a,b"}""", true, "a|b")]
    [InlineData("""{"namespaceIsolation":"TRUE"}""", true, "default")]
    public void FromConfig_ReadsTheMultusKeys(string json, bool enabled, string global)
    {
        var policy = NamespaceIsolationPolicy.FromConfig(TestJson.Obj(json)).Unwrap();

        Assert.Equal((enabled, global), (policy.Enabled, string.Join('|', policy.GlobalNamespaces)));
    }

    [Theory]
    [InlineData("""{"namespaceIsolation":1}""")]
    [InlineData("""{"globalNamespaces":["a"]}""")]
    public void FromConfig_WrongType_Fails7(string json) =>
        Assert.Equal(CniErrorCode.InvalidNetworkConfig, NamespaceIsolationPolicy.FromConfig(TestJson.Obj(json)).Error?.Code);
}
