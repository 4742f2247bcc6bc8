using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Multi.Operator.Tests.Webhook;
using Multi.Sandbox.Host;

namespace Multi.Operator.Tests.Deployment;

/// <summary>
/// The NativeAOT operator (artifacts/image/operator/Multi.Operator, from scripts/image.sh) serving the webhook: Kestrel's
/// HTTPS with the certificate selector, the source-generated AdmissionReview codec and the client's serializer for each
/// kind run trimmed, not only in the JIT build.
/// </summary>
public sealed class NativeWebhookTests
{
    private static string Executable => Path.Combine(RepoLayout.Root, "artifacts", "image", "operator", "Multi.Operator");

    [Fact]
    public async Task Webhook_NativeBinary_ReviewsEveryKindAndPatchesPods()
    {
        if (!File.Exists(Executable))
        {
            Assert.Skip("artifacts/image/operator/Multi.Operator is missing: scripts/test.sh builds it (bash scripts/image.sh)");
        }

        await using var harness = await WebhookHarness.StartNativeAsync(Executable);
        await harness.Op.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            AdmissionRequests.Nad("default", "vf", WebhookFixture.Sriov, "intel.com/vf")["object"]!.DeepClone(), "k8s.cni.cncf.io", "v1", "default", "network-attachment-definitions",
            cancellationToken: TestContext.Current.CancellationToken);

        var nad = await harness.ReviewAsync("/validate", AdmissionRequests.Nad("default", "bad", WebhookFixture.Sriov));
        var pool = await harness.ReviewAsync("/validate", AdmissionRequests.Pool("p", new JsonObject { ["cidr"] = "10.0.0.1/24" }));
        var network = await harness.ReviewAsync("/validate", AdmissionRequests.Network("n", new JsonObject { ["type"] = "macvlan", ["master"] = "eth1", ["namespaces"] = new JsonArray("default") }));
        var pod = await harness.ReviewAsync("/validate", AdmissionRequests.Pod("default", "web", new Dictionary<string, string> { ["k8s.v1.cni.cncf.io/networks"] = "vf, missing" }));
        var mutated = await harness.ReviewAsync("/mutate-pod", AdmissionRequests.Pod("default", "web", new Dictionary<string, string> { ["k8s.v1.cni.cncf.io/networks"] = "vf, vf" }));
        var unreadable = await harness.PostAsync("/validate", "{not json");

        Assert.Contains("needs the resourceName annotation", nad.Response!["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("10.0.0.0/24", pool.Response!["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(network.Response!["allowed"]!.GetValue<bool>(), network.Body);
        Assert.Contains("network-attachment-definition default/missing not found", pod.Response!["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            """[{"op":"add","path":"/spec/containers/0/resources","value":{"requests":{"intel.com/vf":"2"},"limits":{"intel.com/vf":"2"}}}]""",
            Encoding.UTF8.GetString(Convert.FromBase64String(mutated.Response!["patch"]!.GetValue<string>())));
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.Status);
    }
}
