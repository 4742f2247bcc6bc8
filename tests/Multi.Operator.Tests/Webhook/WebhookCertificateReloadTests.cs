using System.Net;
using Multi.Testing;

namespace Multi.Operator.Tests.Webhook;

/// <summary>The Secret's files replaced under a running manager: new connections get the new certificate, without a restart.</summary>
public sealed class WebhookCertificateReloadTests
{
    [Fact]
    public async Task Serve_CertificateFilesReplaced_NewConnectionsSeeTheNewCertificate()
    {
        await using var harness = await WebhookHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var before = await TestTls.PresentedAsync(harness.Port, ct);
        Assert.Equal(harness.Tls.Leaf.Thumbprint, before.Thumbprint);

        var rotated = harness.Rotate();
        await Support.Eventually.TrueAsync(async () => (await TestTls.PresentedAsync(harness.Port, ct)).Thumbprint == rotated.Leaf.Thumbprint, "the rotated certificate on a new connection", seconds: 10);
        using var client = rotated.Client(new Uri($"https://localhost:{harness.Port}"));
        using var content = new StringContent("{}");
        using var answer = await client.PostAsync("/validate", content, ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode); // a TLS handshake the new CA trusts, then a review it cannot read
        Assert.False(harness.Process.HasExited);
    }

    [Fact]
    public async Task Serve_KeyThatDoesNotMatch_KeepsServingThePreviousCertificate()
    {
        await using var harness = await WebhookHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var original = harness.Tls.Leaf.Thumbprint;
        using var other = TestTls.Create("other");
        await File.WriteAllTextAsync(Path.Combine(harness.CertDir, "tls.crt"), other.CertPem, ct); // the key is still the old one

        var presented = new List<string>();
        await Support.Eventually.TrueAsync(
            async () =>
            {
                presented.Add((await TestTls.PresentedAsync(harness.Port, ct)).Thumbprint); // each handshake may run the due check
                return harness.Process.Output.Contains("changed but does not load", StringComparison.Ordinal);
            },
            "the manager to report the pair that does not load");
        presented.Add((await TestTls.PresentedAsync(harness.Port, ct)).Thumbprint);

        Assert.All(presented, thumbprint => Assert.Equal(original, thumbprint));
        Assert.False(harness.Process.HasExited);
    }

    [Fact]
    public async Task Start_NoCertificateFiles_ManagerExitsWithOneNamingTheFile()
    {
        await using var op = await Support.OperatorCluster.StartAsync(startManager: false);
        using var empty = new TempDir();

        await using var manager = Support.OperatorProcess.Start(
            "--Operator:Mode=manager", $"--Operator:Kubeconfig={Path.Combine(op.Cluster.Directory, "kubeconfig")}", "--Operator:LeaderElection=false", "--Operator:ProbeAddress=",
            "--Operator:Webhook:Enabled=true", "--Operator:Webhook:Address=127.0.0.1", $"--Operator:Webhook:Port={WebhookHarness.FreePort()}", $"--Operator:Webhook:CertDir={empty.Path}");
        await Support.Eventually.TrueAsync(() => Task.FromResult(manager.HasExited), "the manager to stop", seconds: 60);

        Assert.Equal(1, manager.ExitCode);
        Assert.Contains($"webhook certificate file {Path.Combine(empty.Path, "tls.crt")} cannot be read", manager.Output, StringComparison.Ordinal);
    }
}
