using k8s.Models;
using Multi.Core.Networks;
using Multi.Operator.Controllers.ClusterNetworks;
using Multi.Operator.Entities;
using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.Controllers;

/// <summary>The ClusterNetwork controller's decisions about NADs, from a network, its rendering and the cached NADs.</summary>
public sealed class NadPlanTests
{
    private const string Uid = "uid-now";
    private static readonly RenderedNad Rendered = new("""{"cniVersion":"1.0.0","name":"data","type":"macvlan","master":"eth1"}""", null);

    [Theory]
    [InlineData("absent", "Create")]
    [InlineData("in-sync", "")]
    [InlineData("hand-written", "Conflict")]
    [InlineData("other-config", "Update")]
    [InlineData("old-uid", "Update")]
    [InlineData("resource-annotation", "Update")]
    [InlineData("no-managed-by", "Update")]
    public void Compute_TargetNamespace_OneDecisionPerCachedState(string cached, string expected)
    {
        var nads = cached == "absent" ? [] : new[] { Nad("apps", cached) };

        var plan = NadPlan.Compute(Network(), Rendered, new HashSet<string> { "apps" }, Store(nads));

        Assert.Equal(expected, string.Join(",", plan.Changes.Select(c => c.Kind)));
        Assert.Equal(cached == "in-sync" ? 1 : 0, plan.InSync);
    }

    [Fact]
    public void Compute_OwnedNadOutsideTheTargets_IsDeletedAndAForeignOneIsNot()
    {
        var nads = new[] { Nad("apps", "in-sync"), Nad("gone", "in-sync"), Nad("elsewhere", "hand-written") };

        var plan = NadPlan.Compute(Network(), Rendered, new HashSet<string> { "apps" }, Store(nads));

        var change = Assert.Single(plan.Changes);
        Assert.Equal((NadChangeKind.Delete, "gone"), (change.Kind, change.Namespace));
        Assert.Equal(1, plan.InSync);
    }

    private static ListStore<NadResource> Store(IEnumerable<NadResource> nads) =>
        new(nads, Ownership.NetworkIndex, n => n.Metadata.Labels?.TryGetValue(Ownership.NetworkLabel, out var owner) == true ? [owner] : []);

    private static ClusterNetwork Network() => new() { Metadata = new V1ObjectMeta { Name = "data", Uid = Uid } };

    private static NadResource Nad(string ns, string state)
    {
        var nad = NadRendering.New(ns, Network(), Rendered, "verdict");
        switch (state)
        {
            case "hand-written":
                nad.Metadata.Labels = null;
                break;
            case "other-config":
                nad.Spec.Config = Rendered.Config.Replace("eth1", "eth2", StringComparison.Ordinal);
                break;
            case "old-uid":
                nad.Metadata.Annotations[Ownership.OwnerUidAnnotation] = "uid-before";
                break;
            case "resource-annotation":
                nad.Metadata.Annotations[NadResource.ResourceNameAnnotation] = "intel.com/x";
                break;
            case "no-managed-by":
                nad.Metadata.Labels.Remove(Ownership.ManagedByLabel);
                break;
        }

        return nad;
    }
}
