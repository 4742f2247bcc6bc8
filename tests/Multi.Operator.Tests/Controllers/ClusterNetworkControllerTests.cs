using k8s;
using System.Text.Json.Nodes;
using k8s.Models;
using Multi.Operator.Entities;
using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.Controllers;

/// <summary>ClusterNetwork → NADs through the real controllers, the embedded API server and the shipped CRDs.</summary>
public sealed class ClusterNetworkControllerTests
{
    private static JsonObject Macvlan(params string[] namespaces) => new()
    {
        ["type"] = "macvlan",
        ["master"] = "eth1",
        ["mode"] = "bridge",
        ["ipam"] = new JsonObject { ["raw"] = new JsonObject { ["type"] = "host-local", ["subnet"] = "10.5.0.0/24" } },
        ["namespaces"] = new JsonArray([.. namespaces.Select(n => (JsonNode?)JsonValue.Create(n))]),
    };

    [Fact]
    public async Task Network_NamespaceList_RendersOneNadPerNamespaceAndOneForANamespaceCreatedLater()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("team-a");

        await op.CreateNetworkAsync("storage", Macvlan("team-a", "team-b"));
        await Eventually.TrueAsync(async () => await op.GetNadAsync("team-a", "storage") is not null, "the NAD in team-a");
        var waiting = await Eventually.ValueAsync(() => op.ConditionAsync("storage", "Progressing"), c => c == "True/WaitingForNamespaces", "Progressing to name team-b");
        await op.CreateNamespaceAsync("team-b");
        await Eventually.TrueAsync(async () => await op.GetNadAsync("team-b", "storage") is not null, "the NAD in team-b, created later");
        var network = await Eventually.ValueAsync(() => op.GetNetworkAsync("storage"), n => n?.Status?.NadCount == 2 && n.Status.Conditions.Any(c => c.Type == "Progressing" && c.Status == "False"), "status with 2 NADs");

        var nad = (await op.GetNadAsync("team-a", "storage"))!;
        var config = JsonNode.Parse(nad.Spec.Config!)!;
        Assert.Equal("macvlan", (string?)config["type"]);
        Assert.Equal("eth1", (string?)config["master"]);
        Assert.Equal("storage", (string?)config["name"]);
        Assert.Equal("storage", nad.Metadata.Labels["multi.dev/cluster-network"]);
        Assert.Equal(network!.Metadata.Uid, nad.Metadata.Annotations["multi.dev/owner-uid"]);
        Assert.Contains("\"status\":\"True\"", nad.Metadata.Annotations["multi.dev/validation"], StringComparison.Ordinal);
        Assert.Contains("multi.dev/attachments", network.Metadata.Finalizers);
        Assert.Equal("True", network.Status!.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("eth1", network.Status.Interface);
        Assert.Equal(network.Metadata.Generation, network.Status.ObservedGeneration);
        Assert.Equal("True/WaitingForNamespaces", waiting);
    }

    [Fact]
    public async Task Network_SelectorAndSpecChange_FollowsLabelsAndUpdatesEveryNad()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("red", new Dictionary<string, string> { ["multi"] = "on" });
        await op.CreateNamespaceAsync("blue");
        var spec = Macvlan();
        spec.Remove("namespaces");
        spec["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["multi"] = "on" } };

        await op.CreateNetworkAsync("data", spec);
        await Eventually.TrueAsync(async () => await op.GetNadAsync("red", "data") is not null, "the NAD in the selected namespace");
        await op.Client.CoreV1.PatchNamespaceAsync(new V1Patch("""{"metadata":{"labels":{"multi":"on"}}}""", V1Patch.PatchType.MergePatch), "blue", cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () => await op.GetNadAsync("blue", "data") is not null, "the NAD in a namespace labelled later");
        await op.PatchNetworkSpecAsync("data", new JsonObject { ["mtu"] = 1400 });
        await Eventually.TrueAsync(async () => (await op.ListNadsAsync("multi.dev/cluster-network=data")).All(n => n.Spec.Config!.Contains("\"mtu\":1400", StringComparison.Ordinal)), "every NAD to carry the new MTU");
        await op.Client.CoreV1.PatchNamespaceAsync(new V1Patch("""{"metadata":{"labels":{"multi":null}}}""", V1Patch.PatchType.MergePatch), "red", cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () => await op.GetNadAsync("red", "data") is null, "the NAD of a namespace no longer selected to go");

        Assert.Single(await op.ListNadsAsync("multi.dev/cluster-network=data"));
        Assert.Equal(1, (await op.GetNetworkAsync("data"))!.Status!.NadCount);
    }

    [Fact]
    public async Task RenderedNad_EditedByHand_IsRepairedAndKeepsTheUsersOwnAnnotation()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("team-a");
        await op.CreateNamespaceAsync("team-b");
        await op.CreateNetworkAsync("edited", Macvlan("team-a", "team-b"));
        await Eventually.TrueAsync(async () => await op.GetNadAsync("team-a", "edited") is not null && await op.GetNadAsync("team-b", "edited") is not null, "both NADs");
        var rendered = (await op.GetNadAsync("team-b", "edited"))!;

        await op.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"annotations":{"multi.dev/owner-uid":"someone-else","note":"mine"}},"spec":{"config":"{\"cniVersion\":\"1.0.0\",\"name\":\"edited\",\"type\":\"bridge\"}"}}""", V1Patch.PatchType.MergePatch),
            NadResource.Group, NadResource.Version, "team-a", NadResource.Plural, "edited", cancellationToken: TestContext.Current.CancellationToken);
        var repaired = await Eventually.ValueAsync(
            () => op.GetNadAsync("team-a", "edited"),
            n => n is not null && n.Spec.Config == rendered.Spec.Config && n.Metadata.Annotations["multi.dev/owner-uid"] == rendered.Metadata.Annotations["multi.dev/owner-uid"],
            "the edited NAD to be rendered again");

        Assert.Equal("mine", repaired!.Metadata.Annotations["note"]);
        Assert.Equal(rendered.Metadata.Annotations["multi.dev/validation"], repaired.Metadata.Annotations["multi.dev/validation"]);
    }

    [Fact]
    public async Task HandWrittenNad_SameName_IsAReportedConflictAndNeverOverwritten()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        var handWritten = new NadResource
        {
            Metadata = new V1ObjectMeta { Name = "storage", NamespaceProperty = "apps" },
            Spec = new NadSpec { Config = """{"cniVersion":"1.0.0","name":"storage","type":"bridge","bridge":"mine"}""" },
        };
        await op.Client.CustomObjects.CreateNamespacedCustomObjectAsync(handWritten, NadResource.Group, NadResource.Version, "apps", NadResource.Plural, cancellationToken: TestContext.Current.CancellationToken);

        await op.CreateNetworkAsync("storage", Macvlan("apps"));
        var network = await Eventually.ValueAsync(() => op.GetNetworkAsync("storage"), n => n?.Status?.Conditions.Any(c => c.Type == "Degraded" && c.Status == "True") == true, "a Degraded condition");
        var kept = await op.GetNadAsync("apps", "storage");
        await op.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(NadResource.Group, NadResource.Version, "apps", NadResource.Plural, "storage", cancellationToken: TestContext.Current.CancellationToken);
        var rendered = await Eventually.ValueAsync(() => op.GetNadAsync("apps", "storage"), n => n?.Metadata.Labels?.ContainsKey("multi.dev/cluster-network") == true, "the network's own NAD once the hand-written one is gone");

        var degraded = network!.Status!.Conditions.Single(c => c.Type == "Degraded");
        Assert.Equal("NadConflict", degraded.Reason);
        Assert.Contains("apps/storage", degraded.Message, StringComparison.Ordinal);
        Assert.Equal("False", network.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Contains("\"bridge\":\"mine\"", kept!.Spec.Config, StringComparison.Ordinal);
        Assert.Contains("macvlan", rendered!.Spec.Config, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => await op.ConditionAsync("storage", "Ready") == "True/Rendered", "Ready after the conflict is gone");
    }

    [Fact]
    public async Task InvalidSpec_ReportsTheFieldAndRendersNothing()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        var spec = Macvlan("apps");
        spec["type"] = "vlan";
        spec["vlanId"] = 5000;

        await op.CreateNetworkAsync("bad", spec);
        var network = await Eventually.ValueAsync(() => op.GetNetworkAsync("bad"), n => n?.Status?.Conditions.Count > 0, "a status");

        var ready = network!.Status!.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("False", "InvalidSpec"), (ready.Status, ready.Reason));
        Assert.Contains("vlanId", ready.Message, StringComparison.Ordinal);
        Assert.Contains("5000", ready.Message, StringComparison.Ordinal);
        Assert.Null(await op.GetNadAsync("apps", "bad"));
    }

    [Fact]
    public async Task SriovNetwork_NadCarriesTheResourceNameAnnotation()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("ran");

        await op.CreateNetworkAsync("fronthaul", new JsonObject
        {
            ["type"] = "sriov",
            ["resourceName"] = "intel.com/sriov_netdevice",
            ["vlanId"] = 100,
            ["ipam"] = new JsonObject { ["raw"] = new JsonObject { ["type"] = "static" } },
            ["namespaces"] = new JsonArray("ran"),
        });
        var nad = await Eventually.ValueAsync(() => op.GetNadAsync("ran", "fronthaul"), n => n is not null, "the SR-IOV NAD");

        Assert.Equal("intel.com/sriov_netdevice", nad!.Metadata.Annotations["k8s.v1.cni.cncf.io/resourceName"]);
        Assert.Equal("sriov", (string?)JsonNode.Parse(nad.Spec.Config!)!["type"]);
    }
}
