using k8s;
using System.Text.Json.Nodes;
using k8s.Models;
using Multi.Operator.Entities;
using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.Controllers;

/// <summary>Every NAD gets a verdict annotation and an Event, through the real controller and API server.</summary>
public sealed class NadValidationControllerTests
{
    [Fact]
    public async Task HandWrittenNad_InvalidThenFixed_VerdictAnnotationAndEventsFollow()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        var nad = new NadResource
        {
            Metadata = new V1ObjectMeta { Name = "tagged", NamespaceProperty = "apps" },
            Spec = new NadSpec { Config = """{"cniVersion":"1.0.0","name":"tagged","type":"vlan","master":"eth0","vlanId":5000}""" },
        };
        await op.Client.CustomObjects.CreateNamespacedCustomObjectAsync(nad, NadResource.Group, NadResource.Version, "apps", NadResource.Plural, cancellationToken: TestContext.Current.CancellationToken);

        var invalid = await Eventually.ValueAsync(() => VerdictAsync(op, "apps", "tagged"), v => v is not null, "a verdict");
        await op.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"config":"{\"cniVersion\":\"1.0.0\",\"name\":\"tagged\",\"type\":\"vlan\",\"master\":\"eth0\",\"vlanId\":100}"}}""", V1Patch.PatchType.MergePatch),
            NadResource.Group, NadResource.Version, "apps", NadResource.Plural, "tagged", cancellationToken: TestContext.Current.CancellationToken);
        var valid = await Eventually.ValueAsync(() => VerdictAsync(op, "apps", "tagged"), v => (string?)v?["status"] == "True", "the verdict to turn valid");
        var events = await Eventually.ValueAsync(
            async () => (await op.Client.CoreV1.ListNamespacedEventAsync("apps", fieldSelector: "involvedObject.name=tagged", cancellationToken: TestContext.Current.CancellationToken)).Items,
            e => e.Count >= 2, "two events");

        Assert.Equal(("False", "InvalidConfig"), ((string?)invalid!["status"], (string?)invalid["reason"]));
        Assert.Contains("vlanId", (string?)invalid["message"], StringComparison.Ordinal);
        Assert.Equal("ConfigValid", (string?)valid!["reason"]);
        Assert.Contains(events, e => e.Type == "Warning" && e.Reason == "InvalidConfig" && e.Message.Contains("vlanId", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Type == "Normal" && e.Reason == "ConfigValid" && e.InvolvedObject.Kind == "NetworkAttachmentDefinition");
    }

    [Fact]
    public async Task NadWithoutConfig_IsValidWithTheConfigOnTheNode()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        var nad = new NadResource { Metadata = new V1ObjectMeta { Name = "from-file", NamespaceProperty = "apps" } };
        await op.Client.CustomObjects.CreateNamespacedCustomObjectAsync(nad, NadResource.Group, NadResource.Version, "apps", NadResource.Plural, cancellationToken: TestContext.Current.CancellationToken);

        var verdict = await Eventually.ValueAsync(() => VerdictAsync(op, "apps", "from-file"), v => v is not null, "a verdict");

        Assert.Equal(("True", "ConfigOnNode"), ((string?)verdict!["status"], (string?)verdict["reason"]));
    }

    [Fact]
    public async Task MalformedConfig_ConfigWithLoneSurrogate_GetsAVerdictNotACrash()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        foreach (var (name, config) in new[] { ("broken", "{\"type\":"), ("surrogate", "{\"cniVersion\":\"1.0.0\",\"name\":\"s\",\"type\":\"bridge\",\"bridge\":\"\\ud800\"}") })
        {
            var nad = new NadResource { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "apps" }, Spec = new NadSpec { Config = config } };
            await op.Client.CustomObjects.CreateNamespacedCustomObjectAsync(nad, NadResource.Group, NadResource.Version, "apps", NadResource.Plural, cancellationToken: TestContext.Current.CancellationToken);
        }

        var broken = await Eventually.ValueAsync(() => VerdictAsync(op, "apps", "broken"), v => v is not null, "a verdict on broken JSON");
        var surrogate = await Eventually.ValueAsync(() => VerdictAsync(op, "apps", "surrogate"), v => v is not null, "a verdict on a lone surrogate");

        Assert.Equal("False", (string?)broken!["status"]);
        Assert.Equal("False", (string?)surrogate!["status"]);
    }

    private static async Task<JsonNode?> VerdictAsync(OperatorCluster op, string ns, string name)
    {
        var nad = await op.GetNadAsync(ns, name);
        return nad?.Metadata.Annotations?.TryGetValue("multi.dev/validation", out var text) == true ? JsonNode.Parse(text) : null;
    }
}
