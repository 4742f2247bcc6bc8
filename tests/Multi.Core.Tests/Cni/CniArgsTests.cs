using Multi.Core.Cni;
using Xunit;

namespace Multi.Core.Tests.Cni;

public sealed class CniArgsTests
{
    [Theory]
    [InlineData(null, "", "")]
    [InlineData("", "", "")]
    [InlineData(";;;", "", "")]
    [InlineData("A=1", "A=1", "")]
    [InlineData("A=1;B=2", "A=1;B=2", "")]
    [InlineData(";A=1;;B=2;", "A=1;B=2", "")]
    [InlineData("A=b=c", "A=b=c", "")]
    [InlineData("A==", "A==", "")]
    [InlineData("A=", "A=", "")]
    [InlineData("A=1;junk;B=2", "A=1;B=2", "junk")]
    [InlineData("junk;other", "", "junk|other")]
    [InlineData("A=1;B=2;A=3", "A=3;B=2", "")]
    [InlineData("B=1;A=2;B=;A=4", "B=;A=4", "")]
    [InlineData("a=1;A=2", "a=1;A=2", "")]
    public void Parse_Table_SplitsOnSemicolonThenFirstEquals(string? text, string expectedPairs, string expectedMalformed)
    {
        var args = CniArgs.Parse(text);

        Assert.Equal(expectedPairs, args.ToString());
        Assert.Equal(expectedMalformed.Length == 0 ? [] : expectedMalformed.Split('|'), args.Malformed);
    }

    [Fact]
    public void Parse_ValueWithEquals_KeepsEverythingAfterTheFirstEquals()
    {
        var args = CniArgs.Parse("TOKEN=a=b==;K8S_POD_NAME=pod");

        Assert.Equal("a=b==", args["TOKEN"]);
        Assert.Equal("pod", args["K8S_POD_NAME"]);
        Assert.Null(args["MISSING"]);
    }

    [Fact]
    public void Parse_DuplicateKey_KeepsPositionOfFirstAndValueOfLast()
    {
        var args = CniArgs.Parse("A=1;B=2;A=3;C=4");

        Assert.Equal(["A", "B", "C"], args.Pairs.Select(p => p.Key));
        Assert.Equal("3", args["A"]);
    }

    [Theory]
    [InlineData("IgnoreUnknown=1", true)]
    [InlineData("IgnoreUnknown=true", true)]
    [InlineData("IgnoreUnknown=TRUE", true)]
    [InlineData("IgnoreUnknown=True", true)]
    [InlineData("IgnoreUnknown=0", false)]
    [InlineData("IgnoreUnknown=false", false)]
    [InlineData("IgnoreUnknown=yes", false)]
    [InlineData("IgnoreUnknown=", false)]
    [InlineData("IgnoreUnknown= true", false)]
    [InlineData("ignoreunknown=1", false)]
    [InlineData("K8S_POD_NAME=p", false)]
    [InlineData("IgnoreUnknown=1;IgnoreUnknown=0", false)]
    public void IgnoresUnknown_Table(string text, bool expected)
    {
        Assert.Equal(expected, CniArgs.Parse(text).IgnoresUnknown);
    }

    [Fact]
    public void Pod_AllKeys_ReadsNamespaceNameAndUid()
    {
        var pod = CniArgs.Parse("K8S_POD_UID=u-1;K8S_POD_NAME=web;K8S_POD_NAMESPACE=prod").Pod;

        Assert.Equal(new PodIdentity("prod", "web", "u-1"), pod);
        Assert.False(pod.IsEmpty);
        Assert.Equal("prod/web", pod.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("IgnoreUnknown=1;IP=10.0.0.1")]
    [InlineData("K8S_POD_NAMESPACE=;K8S_POD_NAME=")]
    public void Pod_NoIdentityKeys_IsEmpty(string text)
    {
        Assert.True(CniArgs.Parse(text).Pod.IsEmpty);
    }

    [Theory]
    // CRI-O's fixed order.
    [InlineData(
        "IgnoreUnknown=1;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;K8S_POD_INFRA_CONTAINER_ID=sb;K8S_POD_UID=u",
        "IgnoreUnknown=true;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;K8S_POD_INFRA_CONTAINER_ID=sb;K8S_POD_UID=u")]
    // containerd's map order: the pod keys move first, the runtime's others follow in their order.
    [InlineData(
        "K8S_POD_UID=u;FOO=bar;K8S_POD_NAME=p;IP=10.0.0.5;K8S_POD_NAMESPACE=ns",
        "IgnoreUnknown=true;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;K8S_POD_INFRA_CONTAINER_ID=c1;K8S_POD_UID=u;FOO=bar;IP=10.0.0.5")]
    // Infra container ID defaults to the container ID when absent or empty; empty UID stays empty.
    [InlineData(
        "K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;K8S_POD_INFRA_CONTAINER_ID=;K8S_POD_UID=",
        "IgnoreUnknown=true;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;K8S_POD_INFRA_CONTAINER_ID=c1;K8S_POD_UID=")]
    // Malformed segments are skipped; duplicates resolved before building.
    [InlineData(
        "K8S_POD_NAME=old;junk;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;X=1;X=2",
        "IgnoreUnknown=true;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;K8S_POD_INFRA_CONTAINER_ID=c1;K8S_POD_UID=;X=2")]
    // Only a UID is enough to count as pod identity.
    [InlineData(
        "K8S_POD_UID=u",
        "IgnoreUnknown=true;K8S_POD_NAMESPACE=;K8S_POD_NAME=;K8S_POD_INFRA_CONTAINER_ID=c1;K8S_POD_UID=u")]
    public void ForDelegate_WithPodIdentity_PutsIgnoreUnknownAndPodKeysFirst(string runtime, string expected)
    {
        var args = CniArgs.Parse(runtime).ForDelegate("c1");

        Assert.Equal(expected, args.ToString());
        Assert.True(args.IgnoresUnknown);
        Assert.Empty(args.Malformed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("FOO=bar;IP=10.0.0.1")]
    [InlineData("IgnoreUnknown=0;X=")]
    public void ForDelegate_NoIdentityNoExtras_PassesTheRuntimeArgsUnchanged(string runtime)
    {
        var args = CniArgs.Parse(runtime);

        Assert.Equal(runtime, args.ForDelegate("c1").ToString());
    }

    [Fact]
    public void ForDelegate_Extras_AreAppendedAfterTheRuntimePairs()
    {
        var args = CniArgs.Parse("K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;FOO=bar")
            .ForDelegate("c1", [new("MAC", "02:00:00:00:00:01"), new("IP", "10.0.0.5,fd00::5")]);

        Assert.Equal(
            "IgnoreUnknown=true;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;K8S_POD_INFRA_CONTAINER_ID=c1;K8S_POD_UID=;FOO=bar;MAC=02:00:00:00:00:01;IP=10.0.0.5,fd00::5",
            args.ToString());
    }

    [Fact]
    public void ForDelegate_ExtraForAnExistingKey_ReplacesItsValueInPlace()
    {
        var args = CniArgs.Parse("K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;IP=10.0.0.9;FOO=bar").ForDelegate("c1", [new("IP", "10.0.0.5")]);

        Assert.Equal("IgnoreUnknown=true;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;K8S_POD_INFRA_CONTAINER_ID=c1;K8S_POD_UID=;IP=10.0.0.5;FOO=bar", args.ToString());
    }

    [Fact]
    public void ForDelegate_ExtrasWithoutPodIdentity_StillAddIgnoreUnknown()
    {
        var args = CniArgs.Parse("FOO=bar").ForDelegate("c1", [new("MAC", "02:00:00:00:00:01")]);

        Assert.Equal("IgnoreUnknown=true;K8S_POD_NAMESPACE=;K8S_POD_NAME=;K8S_POD_INFRA_CONTAINER_ID=c1;K8S_POD_UID=;FOO=bar;MAC=02:00:00:00:00:01", args.ToString());
    }

    [Fact]
    public void ForDelegate_RuntimeIgnoreUnknownFalse_IsOverriddenToTrue()
    {
        var args = CniArgs.Parse("IgnoreUnknown=false;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p").ForDelegate("c1");

        Assert.Equal("true", args[CniArgs.IgnoreUnknown]);
        Assert.Single(args.Pairs, p => p.Key == CniArgs.IgnoreUnknown);
    }
}
