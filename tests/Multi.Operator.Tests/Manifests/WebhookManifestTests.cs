using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using Multi.Operator.Tests.Support;
using Multi.Operator.Tests.Webhook;
using Multi.Operator.Webhook;
using Multi.Sandbox.Host;
using Multi.Testing;

namespace Multi.Operator.Tests.Manifests;

/// <summary>
/// The webhook's manifests (config/webhook/) and its certificate provisioning (scripts/webhook-cert.sh) against the
/// embedded API server: what the script writes is what a manager serves and what the API server would trust.
/// </summary>
public sealed class WebhookManifestTests
{
    private static readonly string? Kubectl = new[] { "/usr/bin/kubectl", "/usr/local/bin/kubectl" }.FirstOrDefault(File.Exists);

    [Fact]
    public async Task ApplyKustomization_Webhooks_FailurePoliciesAndServiceAsDocumented()
    {
        Assert.True(Kubectl is not null, "kubectl is not on PATH: scripts/test.sh installs it (Debian package kubernetes-client) when the machine lacks it");
        await using var op = await OperatorCluster.StartAsync(startManager: false);
        var ct = TestContext.Current.CancellationToken;

        var apply = await RunAsync(op, Kubectl!, "apply", "-k", Path.Combine(RepoLayout.Root, "config"));

        Assert.True(apply.Succeeded, apply.Stderr + apply.Stdout);
        var validating = await op.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("multi-webhook", cancellationToken: ct);
        var mutating = await op.Client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync("multi-webhook", cancellationToken: ct);
        Assert.Equal(
            ["nads.multi.dev=Fail", "ippools.multi.dev=Fail", "clusternetworks.multi.dev=Fail", "pods.multi.dev=Ignore"],
            validating.Webhooks.Select(w => $"{w.Name}={w.FailurePolicy}"));
        Assert.Equal(["pod-resources.multi.dev=Ignore"], mutating.Webhooks.Select(w => $"{w.Name}={w.FailurePolicy}"));
        var all = validating.Webhooks.Select(w => (w.SideEffects, w.AdmissionReviewVersions, w.ClientConfig, w.TimeoutSeconds))
            .Concat(mutating.Webhooks.Select(w => (w.SideEffects, w.AdmissionReviewVersions, w.ClientConfig, w.TimeoutSeconds)));
        Assert.All(all, w =>
        {
            Assert.Equal("None", w.SideEffects);
            Assert.Equal(["v1"], w.AdmissionReviewVersions);
            Assert.Equal(("multi-webhook", "multi-system"), (w.ClientConfig.Service.Name, w.ClientConfig.Service.NamespaceProperty));
            Assert.InRange(w.TimeoutSeconds ?? 10, 1, 10);
        });
        var networks = Assert.Single(validating.Webhooks, w => w.Name == "clusternetworks.multi.dev");
        Assert.Equal(["CREATE", "UPDATE", "DELETE"], Assert.Single(networks.Rules).Operations);
        Assert.True(networks.TimeoutSeconds > WebhookHost.AttachedPodsTimeout.TotalSeconds, "the API server must wait longer than the attached-pod lookup");
        Assert.Equal("/mutate-pod", mutating.Webhooks[0].ClientConfig.Service.Path);
        var service = await op.Client.CoreV1.ReadNamespacedServiceAsync("multi-webhook", "multi-system", cancellationToken: ct);
        var deployment = await op.Client.AppsV1.ReadNamespacedDeploymentAsync("multi-manager", "multi-system", cancellationToken: ct);
        var container = deployment.Spec.Template.Spec.Containers[0];
        Assert.Equal("webhook", service.Spec.Ports[0].TargetPort.Value);
        Assert.Contains(container.Ports, p => p.Name == "webhook" && p.ContainerPort == 9443);
        Assert.Contains(container.Env, e => e.Name == "Operator__Webhook__Enabled" && e.Value == "true");
        Assert.Contains(deployment.Spec.Template.Spec.Volumes, v => v.Secret?.SecretName == "multi-webhook-tls");
    }

    [Fact]
    public async Task CertScript_AfterApply_SecretAndCaBundleThatAManagerServesAndTheCaTrusts()
    {
        Assert.True(Kubectl is not null, "kubectl is not on PATH: scripts/test.sh installs it (Debian package kubernetes-client) when the machine lacks it");
        await using var op = await OperatorCluster.StartAsync(startManager: false);
        using var dir = new TempDir();
        var ct = TestContext.Current.CancellationToken;
        var apply = await RunAsync(op, Kubectl!, "apply", "-k", Path.Combine(RepoLayout.Root, "config"));
        Assert.True(apply.Succeeded, apply.Stderr);

        var script = await RunAsync(op, "/bin/bash", Path.Combine(RepoLayout.Root, "scripts", "webhook-cert.sh"), "--days", "30", "--out", dir.Path);

        Assert.True(script.Succeeded, script.Stderr + script.Stdout);
        var secret = await op.Client.CoreV1.ReadNamespacedSecretAsync("multi-webhook-tls", "multi-system", cancellationToken: ct);
        Assert.Equal("kubernetes.io/tls", secret.Type);
        Assert.Equal(await File.ReadAllTextAsync(dir["tls.crt"], ct), Encoding.UTF8.GetString(secret.Data["tls.crt"]));
        var ca = await File.ReadAllBytesAsync(dir["ca.crt"], ct);
        var validating = await op.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("multi-webhook", cancellationToken: ct);
        var mutating = await op.Client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync("multi-webhook", cancellationToken: ct);
        Assert.All(validating.Webhooks.Select(w => w.ClientConfig.CaBundle).Concat(mutating.Webhooks.Select(w => w.ClientConfig.CaBundle)), b => Assert.Equal(ca, b));

        // A manager serving the Secret's files; a client that trusts only the caBundle and names the Service, as the API server does.
        var port = WebhookHarness.FreePort();
        await using var manager = OperatorProcess.Start(
            "--Operator:Mode=manager", $"--Operator:Kubeconfig={Path.Combine(op.Cluster.Directory, "kubeconfig")}", "--Operator:LeaderElection=false", "--Operator:ProbeAddress=",
            "--Operator:Webhook:Enabled=true", "--Operator:Webhook:Address=127.0.0.1", $"--Operator:Webhook:Port={port}", $"--Operator:Webhook:CertDir={dir.Path}");
        using var caCert = X509CertificateLoader.LoadCertificate(ca);
        var trusted = await Eventually.ValueAsync(() => TrustedHandshakeAsync(port, caCert, "multi-webhook.multi-system.svc"), ok => ok is not null, "a TLS handshake the caBundle trusts", seconds: 60);
        Assert.Equal(SslPolicyErrors.None, trusted);
        Assert.False(manager.HasExited, manager.Output);
    }

    /// <summary>The policy errors of a handshake validated against <paramref name="ca"/> only; null while nothing listens.</summary>
    private static async Task<SslPolicyErrors?> TrustedHandshakeAsync(int port, X509Certificate2 ca, string host)
    {
        SslPolicyErrors? result = null;
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port, TestContext.Current.CancellationToken);
            await using var tls = new SslStream(tcp.GetStream(), false, (_, cert, chain, errors) =>
            {
                using var custom = new X509Chain();
                custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                custom.ChainPolicy.CustomTrustStore.Add(ca);
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                using var presented = new X509Certificate2(cert!);
                result = (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) | (custom.Build(presented) ? SslPolicyErrors.None : SslPolicyErrors.RemoteCertificateChainErrors);
                return true;
            });
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, TestContext.Current.CancellationToken);
            return result;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static Task<CommandResult> RunAsync(OperatorCluster op, string file, params string[] args) =>
        HostCommand.RunAsync(
            file,
            args,
            environment: new Dictionary<string, string?> { ["KUBECONFIG"] = Path.Combine(op.Cluster.Directory, "kubeconfig") },
            timeout: TimeSpan.FromSeconds(60),
            cancellationToken: TestContext.Current.CancellationToken);
}
