using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.Webhook;

/// <summary>
/// One manager process with the webhook (namespace isolation on) for the review tests, and the objects they are judged
/// against: NADs in <c>apps</c>, <c>default</c>, <c>other</c> and <c>kube-system</c> (which the server has from the start), the pool <c>blue</c> and the
/// network <c>vlan-a</c>. Created through the API server, which (like the embedded one) does not call webhooks itself.
/// </summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    public const string Macvlan = """{"cniVersion":"1.0.0","type":"macvlan","master":"eth1","ipam":{"type":"dhcp"}}""";
    public const string Sriov = """{"cniVersion":"1.0.0","type":"sriov","vlan":10,"ipam":{"type":"dhcp"}}""";

    internal WebhookHarness Harness { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Harness = await WebhookHarness.StartAsync("--Operator:Webhook:NamespaceIsolation=true");
        var op = Harness.Op;
        foreach (var ns in new[] { "apps", "other" })
        {
            await op.CreateNamespaceAsync(ns);
        }

        await CreateNadAsync("apps", "macvlan-a", Macvlan);
        await CreateNadAsync("apps", "sriov-a", Sriov, "intel.com/sriov_a");
        await CreateNadAsync("apps", "sriov-b", Sriov, "intel.com/sriov_b");
        await CreateNadAsync("apps", "broken", "{not json");
        await CreateNadAsync("apps", "on-node", null);
        await CreateNadAsync("default", "shared", Macvlan);
        await CreateNadAsync("other", "private", Macvlan);
        await CreateNadAsync("kube-system", "override-net", Macvlan);
        await op.Client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject { ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "IPPool", ["metadata"] = new JsonObject { ["name"] = "blue" }, ["spec"] = new JsonObject { ["cidr"] = "10.1.0.0/16" } },
            "multi.dev", "v1alpha1", "ippools", cancellationToken: TestContext.Current.CancellationToken);
        await op.CreateNetworkAsync("vlan-a", JsonNode.Parse(WebhookReviewTests.VlanNetwork)!.AsObject());
        await Eventually.TrueAsync(
            async () => (await Harness.ReviewAsync("/validate", AdmissionRequests.Pool("probe", new JsonObject { ["cidr"] = "10.1.0.0/24" }))).Response?["allowed"]?.GetValue<bool>() == false,
            "the webhook's pool cache to hold blue");
        await Eventually.TrueAsync(
            async () => (await Harness.ReviewAsync("/validate", AdmissionRequests.Network("probe", JsonNode.Parse(WebhookReviewTests.VlanNetwork.Replace("1400", "1500", StringComparison.Ordinal))!.AsObject()))).Response?["allowed"]?.GetValue<bool>() == false,
            "the webhook's network cache to hold vlan-a");
    }

    public async ValueTask DisposeAsync() => await Harness.DisposeAsync();

    private Task CreateNadAsync(string ns, string name, string? config, string? resourceName = null) =>
        Harness.Op.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            AdmissionRequests.Nad(ns, name, config, resourceName)["object"]!.DeepClone(), "k8s.cni.cncf.io", "v1", ns, "network-attachment-definitions",
            cancellationToken: TestContext.Current.CancellationToken);
}
