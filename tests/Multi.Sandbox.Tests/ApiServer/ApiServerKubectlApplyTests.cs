using k8s;
using Multi.Sandbox.Host;
using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>
/// <c>kubectl apply -k</c> of an operator's manifests (Manifests/operator: every kind an operator's config/ holds):
/// GET, then create, or a strategic merge patch (built-ins) or merge patch (custom resources) with the last-applied annotation.
/// kubectl's default validation finds the fieldValidation parameter in the server's OpenAPI v3 and leaves validation to it.
/// </summary>
public sealed class ApiServerKubectlApplyTests
{
    private static readonly string[] Created =
    [
        "namespace/multi-system created",
        "serviceaccount/multi-operator created",
        "role.rbac.authorization.k8s.io/leader-election created",
        "clusterrole.rbac.authorization.k8s.io/multi-operator created",
        "rolebinding.rbac.authorization.k8s.io/leader-election created",
        "clusterrolebinding.rbac.authorization.k8s.io/multi-operator created",
        "configmap/multi-config created",
        "secret/webhook-cert created",
        "service/multi-webhook created",
        "deployment.apps/multi-operator created",
        "daemonset.apps/multi-agent created",
        "mutatingwebhookconfiguration.admissionregistration.k8s.io/multi-mutating created",
        "validatingwebhookconfiguration.admissionregistration.k8s.io/multi-validating created",
        "customresourcedefinition.apiextensions.k8s.io/clusternetworks.example.com created",
    ];

    [Fact]
    public async Task KubectlApplyKustomization_OperatorManifests_CreatesEveryKindInItsScope()
    {
        Assert.True(Kubectl.Path is not null, Kubectl.Missing);
        await using var cluster = await TestCluster.StartAsync();
        var directory = CopyManifests(cluster);

        var apply = await Kubectl.OutputAsync(cluster, "apply", "-k", directory);
        var namespaced = await Kubectl.OutputAsync(cluster, "get", "sa,role,rolebinding,cm,secret,svc,deploy,ds", "-n", "multi-system", "-o", "name");
        var clusterScoped = await Kubectl.OutputAsync(cluster, "get", "ns,clusterrole,clusterrolebinding,validatingwebhookconfigurations,mutatingwebhookconfigurations,crd", "-o", "name");
        var secret = await cluster.Client.CoreV1.ReadNamespacedSecretAsync("webhook-cert", "multi-system", cancellationToken: TestCluster.Deadline());

        Assert.Equal(Created.Order(StringComparer.Ordinal), Lines(apply).Order(StringComparer.Ordinal));
        Assert.Equal(8, Lines(namespaced).Length);
        Assert.Equal(6, Lines(clusterScoped).Count(l => l.Contains("multi", StringComparison.Ordinal) || l.Contains("example.com", StringComparison.Ordinal)));
        Assert.Equal("cert", System.Text.Encoding.UTF8.GetString(secret.Data["tls.crt"]));
    }

    [Fact]
    public async Task KubectlApplyKustomization_ChangedManifests_PatchesOnlyWhatChanged()
    {
        Assert.True(Kubectl.Path is not null, Kubectl.Missing);
        await using var cluster = await TestCluster.StartAsync();
        var directory = CopyManifests(cluster);
        await Kubectl.OutputAsync(cluster, "apply", "-k", directory);
        var manifest = Path.Combine(directory, "operator.yaml");
        var text = await File.ReadAllTextAsync(manifest, TestContext.Current.CancellationToken);
        text = text.Replace("mode: manager", "mode: agent", StringComparison.Ordinal)
            .Replace("replicas: 1", "replicas: 3", StringComparison.Ordinal)
            .Replace("      port: 8080\n      targetPort: 8080", "      port: 8080\n      targetPort: 8081", StringComparison.Ordinal)
            .Replace("path: /validate", "path: /validate-v2", StringComparison.Ordinal);
        await File.WriteAllTextAsync(manifest, text, TestContext.Current.CancellationToken);

        var apply = Lines(await Kubectl.OutputAsync(cluster, "apply", "-k", directory));
        var ct = TestCluster.Deadline();
        var deployment = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("multi-operator", "multi-system", cancellationToken: ct);
        var config = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("multi-config", "multi-system", cancellationToken: ct);
        var service = await cluster.Client.CoreV1.ReadNamespacedServiceAsync("multi-webhook", "multi-system", cancellationToken: ct);
        var webhook = await cluster.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("multi-validating", cancellationToken: ct);

        // The Secret's stringData never shows in the stored object (it is folded into data), so kubectl patches it on
        // every apply and says "configured", as it does against a real cluster.
        Assert.Equal(
            ["configmap/multi-config configured", "deployment.apps/multi-operator configured", "secret/webhook-cert configured", "service/multi-webhook configured", "validatingwebhookconfiguration.admissionregistration.k8s.io/multi-validating configured"],
            apply.Where(l => l.EndsWith("configured", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(9, apply.Count(l => l.EndsWith("unchanged", StringComparison.Ordinal)));
        Assert.Equal(3, deployment.Spec.Replicas);
        Assert.Equal("manager", Assert.Single(deployment.Spec.Template.Spec.Containers).Name);
        Assert.Equal("agent", config.Data["mode"]);
        Assert.Contains("kubectl.kubernetes.io/last-applied-configuration", config.Metadata.Annotations.Keys);
        Assert.Equal(["https:443->9443", "metrics:8080->8081"], service.Spec.Ports.Select(p => $"{p.Name}:{p.Port}->{p.TargetPort.Value}"));
        Assert.Equal("/validate-v2", Assert.Single(webhook.Webhooks).ClientConfig.Service.Path);
    }

    private static string CopyManifests(TestCluster cluster)
    {
        var source = Path.Combine(RepoLayout.Root, "tests", "Multi.Sandbox.Tests", "ApiServer", "Manifests", "operator");
        var target = Path.Combine(cluster.Directory, "operator");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
