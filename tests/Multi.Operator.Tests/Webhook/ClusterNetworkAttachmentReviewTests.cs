using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Operator.Entities;
using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.Webhook;

/// <summary>
/// host-interfaces.md, sections 2 and 7: the webhook refuses an identity change of a network's link, and its deletion,
/// while pods are attached (by their network-status or by a node agent's report), naming them; the MTU may change.
/// Each test uses a network of its own on the shared manager.
/// </summary>
public sealed class ClusterNetworkAttachmentReviewTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private WebhookHarness Harness => fixture.Harness;

    [Fact]
    public async Task Update_IdentityChangeWithAttachedPod_RefusedNamingFieldAndPod_MtuChangeAllowed()
    {
        var spec = await NetworkWithNadAsync("att-upd", 301);
        Assert.True(await AllowedAsync(Update("att-upd", spec, Vlan(302))), "no pod is attached yet");

        await PodAsync("att-upd-pod", "apps/att-upd");
        var (allowed, message) = await ReviewAsync(Update("att-upd", spec, Vlan(302)));

        Assert.False(allowed);
        Assert.Contains("ClusterNetwork att-upd: spec.hostInterface.vlan.id (\"301\" → \"302\") cannot change while pods are attached to its link (only the MTU may): 1 pod (apps/att-upd-pod)", message, StringComparison.Ordinal);
        Assert.True(await AllowedAsync(Update("att-upd", spec, Vlan(301, mtu: 1300))), "the MTU may change under attached pods");
    }

    [Fact]
    public async Task Delete_AttachedPods_RefusedNamingTenAndTheTotal_AllowedOnceGone()
    {
        await NetworkWithNadAsync("att-del", 311);
        for (var i = 0; i < 12; i++)
        {
            await PodAsync($"att-del-{i:00}", "apps/att-del");
        }

        var (allowed, message) = await ReviewAsync(Delete("att-del"));

        Assert.False(allowed);
        Assert.Contains("ClusterNetwork att-del cannot be deleted while pods are attached: 12 pods (apps/att-del-00, ", message, StringComparison.Ordinal);
        Assert.Contains("apps/att-del-09 and 2 more (12 in all)", message, StringComparison.Ordinal);
        for (var i = 0; i < 12; i++)
        {
            await Harness.Op.Client.CoreV1.DeleteNamespacedPodAsync($"att-del-{i:00}", "apps", cancellationToken: TestContext.Current.CancellationToken);
        }

        Assert.True(await AllowedAsync(Delete("att-del")));
    }

    [Fact]
    public async Task Delete_NodeAgentReportsPodsOnTheLink_RefusedNamingNodeAndLink()
    {
        await NetworkWithNadAsync("att-node", 321);
        await NodeStateAsync("att-node-n1", new ManagedLinkStatus { Name = "vl321-abcd", Kind = "vlan", State = "Ready", Networks = ["att-node"], AttachedPods = 3 });

        // The webhook reads the record from the manager's cache, which the watch fills shortly after the write.
        var (_, message) = await Eventually.ValueAsync(() => ReviewAsync(Delete("att-node")), r => !r.Allowed, "the refusal once the cache holds the node's report");

        Assert.Contains("node att-node-n1 reports 3 pods on vl321-abcd", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_PodFinishedOrNamingAnotherNetwork_NotCountedAsAttached()
    {
        var spec = await NetworkWithNadAsync("att-done", 331);
        await PodAsync("att-done-other", "apps/macvlan-a");
        await PodAsync("att-done-finished", "apps/att-done", phase: "Succeeded");

        Assert.True(await AllowedAsync(Update("att-done", spec, Vlan(332))));
        Assert.True(await AllowedAsync(Delete("att-done")));
    }

    private static JsonObject Vlan(int id, int mtu = 1400) =>
        JsonNode.Parse($$$"""{"type":"macvlan","hostInterface":{"vlan":{"parent":"eth1","id":{{{id}}}},"mtu":{{{mtu}}}},"ipam":{"raw":{"type":"dhcp"}},"namespaces":["apps"]}""")!.AsObject();

    /// <summary>Creates the network and waits until the webhook's cache holds the NAD the manager renders for it.</summary>
    private async Task<JsonObject> NetworkWithNadAsync(string name, int vlanId)
    {
        var spec = Vlan(vlanId);
        await Harness.Op.CreateNetworkAsync(name, spec);
        await Eventually.TrueAsync(async () => await Harness.Op.GetNadAsync("apps", name) is not null, $"the NAD apps/{name}");
        await PodAsync(name + "-probe", "apps/" + name);
        await Eventually.TrueAsync(async () => !await AllowedAsync(Delete(name)), $"the webhook's NAD cache to hold apps/{name}");
        await Harness.Op.Client.CoreV1.DeleteNamespacedPodAsync(name + "-probe", "apps", cancellationToken: TestContext.Current.CancellationToken);
        return spec;
    }

    private async Task PodAsync(string name, string statusEntry, string? phase = null)
    {
        var status = new JsonArray(new JsonObject { ["name"] = "cbr0", ["interface"] = "eth0", ["default"] = true }, new JsonObject { ["name"] = statusEntry, ["interface"] = "net1" });
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Annotations = new Dictionary<string, string> { ["k8s.v1.cni.cncf.io/network-status"] = status.ToJsonString() } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "busybox" }] },
            Status = phase is null ? null : new V1PodStatus { Phase = phase },
        };
        await Harness.Op.Client.CoreV1.CreateNamespacedPodAsync(pod, "apps", cancellationToken: TestContext.Current.CancellationToken);
    }

    private async Task NodeStateAsync(string node, ManagedLinkStatus link)
    {
        var ct = TestContext.Current.CancellationToken;
        await Harness.Op.Client.CustomObjects.CreateClusterCustomObjectAsync(
            new NodeNetworkState { Metadata = new V1ObjectMeta { Name = node }, Spec = new NodeNetworkStateSpec { NodeName = node } },
            NodeNetworkState.Group, NodeNetworkState.Version, NodeNetworkState.Plural, cancellationToken: ct);
        var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(new NodeNetworkStateStatus { Summary = "1/1", Links = [link] })) };
        await Harness.Op.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), NodeNetworkState.Group, NodeNetworkState.Version, NodeNetworkState.Plural, node, cancellationToken: ct);
    }

    private static JsonObject Update(string name, JsonObject oldSpec, JsonObject newSpec)
    {
        var request = AdmissionRequests.Network(name, newSpec, "UPDATE");
        request["oldObject"] = AdmissionRequests.Network(name, (JsonObject)oldSpec.DeepClone())["object"]!.DeepClone();
        return request;
    }

    /// <summary>A DELETE as the API server sends it: no object, the stored one as oldObject.</summary>
    private static JsonObject Delete(string name)
    {
        var request = AdmissionRequests.Network(name, Vlan(1), "DELETE");
        request["oldObject"] = request["object"]!.DeepClone();
        request["object"] = null;
        return request;
    }

    private async Task<bool> AllowedAsync(JsonObject request) => (await ReviewAsync(request)).Allowed;

    private async Task<(bool Allowed, string Message)> ReviewAsync(JsonObject request)
    {
        request["uid"] = Guid.NewGuid().ToString();
        var (_, response, body) = await Harness.ReviewAsync("/validate", request);
        Assert.True(response is not null, body);
        return (response["allowed"]!.GetValue<bool>(), response["status"]?["message"]?.GetValue<string>() ?? "");
    }
}
