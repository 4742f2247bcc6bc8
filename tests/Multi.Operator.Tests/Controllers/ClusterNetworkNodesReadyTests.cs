using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Operator.Entities;
using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.Controllers;

/// <summary>The manager's side of host interfaces: a hostInterface network's <c>status.nodesReady</c> from the NodeNetworkStates.</summary>
public sealed class ClusterNetworkNodesReadyTests
{
    private static JsonObject Spec(JsonObject? nodeSelector = null) => new()
    {
        ["type"] = "bridge",
        ["namespaces"] = new JsonArray("apps"),
        ["hostInterface"] = new JsonObject { ["bridge"] = new JsonObject { ["name"] = "br-nr" } },
        ["nodeSelector"] = nodeSelector,
    };

    [Fact]
    public async Task NodesReady_SelectedNodesReportReady_CountsOnlySelectedNodesThatListTheNetwork()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        await NodeAsync(op, "n1", "a");
        await NodeAsync(op, "n2", "a");
        await NodeAsync(op, "n3", "b");
        await op.CreateNetworkAsync("net", Spec(new JsonObject { ["zone"] = "a" }));
        await Eventually.TrueAsync(async () => await NodesReadyAsync(op) == "0/2", "0/2 before any agent reports");

        await StateAsync(op, "n1", ["net"]);
        await StateAsync(op, "n3", ["net"]);
        await Eventually.TrueAsync(async () => await NodesReadyAsync(op) == "1/2", "1/2: n3 is not selected");
        await StateAsync(op, "n2", ["net"]);
        await Eventually.TrueAsync(async () => await NodesReadyAsync(op) == "2/2", "2/2 once n2 reports");
        await StateAsync(op, "n1", []);
        await Eventually.TrueAsync(async () => await NodesReadyAsync(op) == "1/2", "1/2 when n1 no longer lists the network");
    }

    [Fact]
    public async Task NodesReady_NetworkWithoutHostInterface_NotReported()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        await NodeAsync(op, "n1", "a");
        await op.CreateNetworkAsync("plain", new JsonObject { ["type"] = "macvlan", ["master"] = "eth1", ["namespaces"] = new JsonArray("apps") });

        var network = await Eventually.ValueAsync(() => op.GetNetworkAsync("plain"), n => n?.Status is not null, "the network's status");

        Assert.Null(network!.Status!.NodesReady);
    }

    [Fact]
    public async Task Delete_ANodeStillListsTheNetworksLinks_FinalizerWaitsForItsAgent_DeletedNodeNotWaitedFor()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        await NodeAsync(op, "n1", "a");
        await NodeAsync(op, "n2", "a");
        await op.CreateNetworkAsync("net", Spec());
        await Eventually.TrueAsync(async () => await op.GetNadAsync("apps", "net") is not null, "the NAD");
        await StateAsync(op, "n1", ["net"], linkNetworks: ["net"]);
        await StateAsync(op, "n2", ["net"], linkNetworks: ["net"]);
        await Eventually.TrueAsync(async () => await NodesReadyAsync(op) == "2/2", "both nodes report the network");

        await op.DeleteNetworkAsync("net");

        var held = await Eventually.ValueAsync(
            async () => (await op.GetNetworkAsync("net"))?.Status?.Conditions.FirstOrDefault(c => c.Type == "Degraded"),
            c => c?.Reason == "LinksPresent", "the deletion held for the agents");
        Assert.Equal("deletion waits for the agents of 2 nodes to remove the network's links: n1, n2", held!.Message);
        Assert.NotNull(await op.GetNadAsync("apps", "net"));

        await StateAsync(op, "n1", [], linkNetworks: []);
        await op.Client.CoreV1.DeleteNodeAsync("n2", cancellationToken: TestContext.Current.CancellationToken);

        await Eventually.TrueAsync(async () => await op.GetNetworkAsync("net") is null, "the network gone once n1 reports and n2 is deleted");
        Assert.Null(await op.GetNadAsync("apps", "net"));
    }

    private static async Task<string?> NodesReadyAsync(OperatorCluster op) => (await op.GetNetworkAsync("net"))?.Status?.NodesReady;

    private static Task NodeAsync(OperatorCluster op, string name, string zone) =>
        op.Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["zone"] = zone } } },
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Writes a node's NodeNetworkState as its agent would: created once, its status replaced.</summary>
    private static async Task StateAsync(OperatorCluster op, string node, string[] readyNetworks, string[]? linkNetworks = null)
    {
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await op.Client.CustomObjects.CreateClusterCustomObjectAsync(
                new NodeNetworkState { Metadata = new V1ObjectMeta { Name = node }, Spec = new NodeNetworkStateSpec { NodeName = node } },
                NodeNetworkState.Group, NodeNetworkState.Version, NodeNetworkState.Plural, cancellationToken: ct);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
        }

        var status = new NodeNetworkStateStatus { Summary = "1/1", ReadyNetworks = readyNetworks };
        if (linkNetworks is { Length: > 0 })
        {
            status.Links = [new ManagedLinkStatus { Name = "br-nr", Kind = "bridge", State = "Ready", Networks = linkNetworks }];
        }

        var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)) };
        await op.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), NodeNetworkState.Group, NodeNetworkState.Version, NodeNetworkState.Plural, node, cancellationToken: ct);
    }
}
