using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Sandbox.Host;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>The CRDs in <c>crds/</c> are accepted and served as shipped.</summary>
public sealed class ShippedCrdTests
{
    [Fact]
    public async Task NetworkAttachmentDefinitionCrd_AsShipped_ServesNadsByNameAndShortName()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "crds", "k8s.cni.cncf.io_network-attachment-definitions.yaml"), TestContext.Current.CancellationToken);
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(yaml);
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();

        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            CrdFixtures.Nad("macvlan-conf", """{"cniVersion":"1.0.0","type":"macvlan","master":"eth0"}"""),
            "k8s.cni.cncf.io", "v1", "default", "network-attachment-definitions", cancellationToken: ct);
        var nad = CrdFixtures.Json(await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync(
            "k8s.cni.cncf.io", "v1", "default", "network-attachment-definitions", "macvlan-conf", ct));
        var discovery = JsonNode.Parse(await cluster.Client.HttpClient.GetStringAsync(new Uri(cluster.Server.BaseAddress!, "apis/k8s.cni.cncf.io/v1"), ct))!;

        Assert.Equal("NetworkAttachmentDefinition", crd.Spec.Names.Kind);
        Assert.Equal("""{"cniVersion":"1.0.0","type":"macvlan","master":"eth0"}""", nad["spec"]!["config"]!.GetValue<string>());
        var resource = Assert.Single(discovery["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "network-attachment-definitions")!;
        Assert.True(resource["namespaced"]!.GetValue<bool>());
        Assert.Equal("""["net-attach-def"]""", resource["shortNames"]!.ToJsonString());
    }
}
