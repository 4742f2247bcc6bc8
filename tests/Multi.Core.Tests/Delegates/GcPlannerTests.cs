using Multi.Core.Delegates;
using Multi.Core.State;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Delegates;

public sealed class GcPlannerTests
{
    private const AttachmentState Added = AttachmentState.Added;

    [Fact]
    public void Plan_ValidRuntimePair_IsTranslatedPerDelegateNetwork()
    {
        var entry = SampleEntries.For("c1", ("eth0", "A", Added), ("net1", "B", Added), ("net2", "C", Added));

        var plan = GcPlanner.Plan([new AttachmentKey("c1", "eth0")], [entry], []);

        Assert.Equal([new AttachmentKey("c1", "eth0")], plan.ValidFor("A"));
        Assert.Equal([new AttachmentKey("c1", "net1")], plan.ValidFor("B"));
        Assert.Equal([new AttachmentKey("c1", "net2")], plan.ValidFor("C"));
        Assert.Equal(["A", "B", "C"], plan.Networks.Select(n => n.Name));
        Assert.Empty(plan.Stale);
        Assert.True(plan.Complete);
    }

    [Fact]
    public void Plan_EntryNotInTheValidList_IsStale()
    {
        var live = SampleEntries.For("c1", ("eth0", "A", Added));
        var stale = SampleEntries.For("c2", ("eth0", "A", Added), ("net1", "B", Added));
        var otherIf = live with { IfName = "eth1" };

        var plan = GcPlanner.Plan([new AttachmentKey("c1", "eth0")], [live, stale, otherIf], []);

        Assert.Equal([("c2", "eth0"), ("c1", "eth1")], plan.Stale.Select(e => (e.ContainerId, e.IfName)));
        Assert.Equal([new AttachmentKey("c1", "eth0")], plan.ValidFor("A"));
        Assert.Empty(plan.ValidFor("B"));
    }

    [Fact]
    public void Plan_SeveralContainers_AreCollectedPerNetwork()
    {
        var c1 = SampleEntries.For("c1", ("eth0", "A", Added), ("net1", "B", Added));
        var c2 = SampleEntries.For("c2", ("eth0", "A", Added), ("net1", "C", Added), ("storage", "B", Added));

        var plan = GcPlanner.Plan([new AttachmentKey("c1", "eth0"), new AttachmentKey("c2", "eth0")], [c1, c2], []);

        Assert.Equal([new AttachmentKey("c1", "eth0"), new AttachmentKey("c2", "eth0")], plan.ValidFor("A"));
        Assert.Equal([new AttachmentKey("c1", "net1"), new AttachmentKey("c2", "storage")], plan.ValidFor("B"));
        Assert.Equal([new AttachmentKey("c2", "net1")], plan.ValidFor("C"));
    }

    [Fact]
    public void Plan_PendingCounts_DeletedAndFailedDoNot()
    {
        var entry = SampleEntries.For("c1", ("eth0", "A", Added), ("net1", "B", AttachmentState.Pending), ("net2", "C", AttachmentState.Deleted), ("net3", "D", AttachmentState.Failed));

        var plan = GcPlanner.Plan([new AttachmentKey("c1", "eth0")], [entry], []);

        Assert.Equal([new AttachmentKey("c1", "net1")], plan.ValidFor("B"));
        Assert.Empty(plan.ValidFor("C"));
        Assert.Empty(plan.ValidFor("D"));
    }

    [Fact]
    public void Plan_OnlyNetworksAt110WithoutDisableGc_AreTargets()
    {
        var configured = new[]
        {
            TestNetworks.Make("old", "1.0.0"),
            TestNetworks.Make("legacy", "0.4.0"),
            TestNetworks.Make("opted-out", "1.1.0", disableGc: true),
            TestNetworks.Make("idle", "1.1.0"),
            TestNetworks.Make("cluster", "1.1.0"),
        };
        var entry = SampleEntries.For("c1", ("eth0", "cluster", Added), ("net1", "old", Added));

        var plan = GcPlanner.Plan([new AttachmentKey("c1", "eth0")], [entry], configured);

        Assert.Equal(["cluster", "idle"], plan.Networks.Select(n => n.Name));
    }

    [Fact]
    public void Plan_ConfiguredNetworkWithoutLiveAttachments_GetsAnEmptyList()
    {
        var plan = GcPlanner.Plan([], [], [TestNetworks.Make("idle")]);

        Assert.Equal("idle", Assert.Single(plan.Networks).Name);
        Assert.True(plan.ValidFor("idle").IsEmpty);
        Assert.True(plan.Complete);
    }

    [Fact]
    public void Plan_ValidAttachmentWithoutEntry_IsIncomplete()
    {
        var entry = SampleEntries.For("c1", ("eth0", "A", Added));

        var plan = GcPlanner.Plan([new AttachmentKey("c1", "eth0"), new AttachmentKey("c9", "eth0"), new AttachmentKey("c1", "eth1")], [entry], []);

        Assert.False(plan.Complete);
        Assert.Equal([new AttachmentKey("c9", "eth0"), new AttachmentKey("c1", "eth1")], plan.MissingEntries);
    }

    [Fact]
    public void Plan_NoValidAttachments_MakesEveryEntryStale()
    {
        var entries = new[] { SampleEntries.For("c1", ("eth0", "A", Added)), SampleEntries.For("c2", ("eth0", "A", Added)) };

        var plan = GcPlanner.Plan([], entries, [TestNetworks.Make("A")]);

        Assert.Equal(2, plan.Stale.Length);
        Assert.True(plan.ValidFor("A").IsEmpty);
        Assert.True(plan.Complete);
    }
}
