using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Multi.Operator.Webhook;
using Multi.Testing;

namespace Multi.Operator.Tests.Webhook;

public sealed class ServingCertificateTests
{
    [Fact]
    public void Current_FilesReplaced_NewCertificateOnlyAfterTheCheckInterval()
    {
        using var dir = new TempDir();
        using var first = TestTls.Create("first");
        using var second = TestTls.Create("second");
        first.WriteTo(dir.Path);
        var time = new FakeTimeProvider();
        var certificate = ServingCertificate.Load(dir.Path, TimeSpan.FromSeconds(10), time, NullLogger.Instance);

        second.WriteTo(dir.Path);
        var beforeInterval = certificate.Current.Thumbprint;
        time.Advance(TimeSpan.FromSeconds(10));
        var afterInterval = certificate.Current.Thumbprint;

        Assert.Equal(first.Leaf.Thumbprint, beforeInterval);
        Assert.Equal(second.Leaf.Thumbprint, afterInterval);
        Assert.True(certificate.Current.HasPrivateKey);
    }

    [Fact]
    public void Current_KeyOfAnotherCertificate_KeepsServingThePreviousPair()
    {
        using var dir = new TempDir();
        using var first = TestTls.Create("first");
        using var second = TestTls.Create("second");
        first.WriteTo(dir.Path);
        var time = new FakeTimeProvider();
        var certificate = ServingCertificate.Load(dir.Path, TimeSpan.FromSeconds(1), time, NullLogger.Instance);

        File.WriteAllText(dir["tls.crt"], second.CertPem);
        time.Advance(TimeSpan.FromSeconds(1));
        var halfWritten = certificate.Current.Thumbprint;
        File.WriteAllText(dir["tls.key"], second.KeyPem);
        time.Advance(TimeSpan.FromSeconds(1));
        var complete = certificate.Current.Thumbprint;

        Assert.Equal(first.Leaf.Thumbprint, halfWritten);
        Assert.Equal(second.Leaf.Thumbprint, complete);
    }

    [Theory]
    [InlineData("tls.crt", "webhook certificate file")]
    [InlineData("tls.key", "webhook certificate file")]
    public void Load_MissingFile_ThrowsNamingIt(string missing, string message)
    {
        using var dir = new TempDir();
        using var tls = TestTls.Create();
        tls.WriteTo(dir.Path);
        File.Delete(dir[missing]);

        var ex = Assert.Throws<InvalidOperationException>(() => ServingCertificate.Load(dir.Path, TimeSpan.FromSeconds(1), new FakeTimeProvider(), NullLogger.Instance));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Contains(dir[missing], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GarbageCertificate_ThrowsNamingBothFiles()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["tls.crt"], "not a pem");
        File.WriteAllText(dir["tls.key"], "not a pem");

        var ex = Assert.Throws<InvalidOperationException>(() => ServingCertificate.Load(dir.Path, TimeSpan.FromSeconds(1), new FakeTimeProvider(), NullLogger.Instance));

        Assert.Contains($"webhook certificate {dir["tls.crt"]} with key {dir["tls.key"]} does not load", ex.Message, StringComparison.Ordinal);
    }
}
