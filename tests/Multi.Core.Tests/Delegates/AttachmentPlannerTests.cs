using Multi.Core.Delegates;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Delegates;

public sealed class AttachmentPlannerTests
{
    private static readonly AttachmentPlanner.Request Cluster = new(TestNetworks.Make("cluster"), "inline");

    [Fact]
    public void Plan_NumbersArePositionsNotTheNextFreeNumber()
    {
        var secondaries = new[]
        {
            new AttachmentPlanner.Request(TestNetworks.Make("default-net"), "file /etc/cni/multus/net.d/d.conf"),
            new AttachmentPlanner.Request(TestNetworks.Make("a"), "nad ns/a", "foo"),
            new AttachmentPlanner.Request(TestNetworks.Make("b"), "nad ns/b"),
        };

        var plan = AttachmentPlanner.Plan("eth0", Cluster, secondaries).Unwrap();

        Assert.Equal(["eth0", "net1", "foo", "net3"], plan.Select(p => p.IfName));
        Assert.Equal([0, 1, 2, 3], plan.Select(p => p.Position));
        Assert.Equal(["cluster", "default-net", "a", "b"], plan.Select(p => p.Network.Name));
        Assert.Equal(["inline", "file /etc/cni/multus/net.d/d.conf", "nad ns/a", "nad ns/b"], plan.Select(p => p.Origin));
        Assert.Equal([true, false, false, false], plan.Select(p => p.IsClusterNetwork));
        Assert.Equal("network \"a\" (foo)", plan[2].Label);
    }

    [Fact]
    public void Plan_ClusterOnly_GetsTheRuntimeInterfaceName()
    {
        var plan = AttachmentPlanner.Plan("ens5", Cluster, []).Unwrap();

        Assert.Equal("ens5", Assert.Single(plan).IfName);
    }

    [Fact]
    public void Plan_ClusterRequest_IsIgnored()
    {
        var plan = AttachmentPlanner.Plan("eth0", Cluster with { RequestedIfName = "custom" }, []).Unwrap();

        Assert.Equal("eth0", Assert.Single(plan).IfName);
    }

    [Fact]
    public void Plan_SameNetworkTwice_GetsTwoInterfaces()
    {
        var a = new AttachmentPlanner.Request(TestNetworks.Make("a"), "nad ns/a");

        var plan = AttachmentPlanner.Plan("eth0", Cluster, [a, a, a with { RequestedIfName = "" }]).Unwrap();

        Assert.Equal(["eth0", "net1", "net2", "net3"], plan.Select(p => p.IfName));
    }

    [Theory]
    [InlineData("eth0", "x", "eth0", null, "eth0", "cluster", "x")]
    [InlineData("eth0", "x", null, "eth0", "eth0", "cluster", "y")]
    [InlineData("eth0", "x", "foo", "foo", "foo", "x", "y")]
    [InlineData("eth0", "x", null, "net1", "net1", "x", "y")]
    [InlineData("eth0", "x", "net2", null, "net2", "x", "y")]
    [InlineData("net1", "x", null, null, "net1", "cluster", "x")]
    public void Plan_NameConflict_FailsWithCode107NamingBothNetworks(
        string runtimeIfName, string first, string? firstRequest, string? secondRequest, string conflict, string networkA, string networkB)
    {
        var secondaries = new[]
        {
            new AttachmentPlanner.Request(TestNetworks.Make(first), "nad ns/x", firstRequest),
            new AttachmentPlanner.Request(TestNetworks.Make("y"), "nad ns/y", secondRequest),
        };

        var outcome = AttachmentPlanner.Plan(runtimeIfName, Cluster, secondaries);

        Assert.False(outcome.IsOk);
        Assert.Equal(107u, outcome.Error.Code);
        Assert.Contains($"\"{conflict}\"", outcome.Error.Msg, StringComparison.Ordinal);
        Assert.Contains($"\"{networkA}\"", outcome.Error.Msg, StringComparison.Ordinal);
        Assert.Contains($"\"{networkB}\"", outcome.Error.Msg, StringComparison.Ordinal);
    }
}
