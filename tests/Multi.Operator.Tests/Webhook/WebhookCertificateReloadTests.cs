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
}
