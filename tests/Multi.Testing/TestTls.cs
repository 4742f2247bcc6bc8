using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Multi.Testing;

/// <summary>
/// A throw-away CA and a serving certificate it signed (ECDSA P-256, for <c>localhost</c> and 127.0.0.1), made in-process
/// with <see cref="CertificateRequest"/>: what a webhook's Secret holds, and a client that trusts only that CA.
/// </summary>
internal sealed class TestTls : IDisposable
{
    private TestTls(X509Certificate2 ca, X509Certificate2 leaf, string certPem, string keyPem)
    {
        (Ca, Leaf, CertPem, KeyPem) = (ca, leaf, certPem, keyPem);
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Leaf { get; }

    public string CertPem { get; }

    public string KeyPem { get; }

    public static TestTls Create(string commonName = "multi-webhook")
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={commonName}-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var signed = request.Create(ca, now.AddMinutes(-5), now.AddHours(12), serial);
        var leaf = signed.CopyWithPrivateKey(key);
        return new TestTls(ca, leaf, leaf.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Writes <c>tls.crt</c> and <c>tls.key</c> as a mounted kubernetes.io/tls Secret has them (each file replaced by a rename).</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        Replace(Path.Combine(directory, "tls.crt"), CertPem);
        Replace(Path.Combine(directory, "tls.key"), KeyPem);
    }

    /// <summary>An HTTP/1.1 client that trusts only this CA and keeps its connections alive.</summary>
    public HttpClient Client(Uri baseAddress) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, errors) => Trusts(cert, errors) },
    })
    { BaseAddress = baseAddress };

    /// <summary>The certificate a new TLS connection to <paramref name="port"/> on 127.0.0.1 is served.</summary>
    public static async Task<X509Certificate2> PresentedAsync(int port, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cancellationToken);
        return new X509Certificate2(tls.RemoteCertificate!);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Leaf.Dispose();
    }

    private bool Trusts(X509Certificate? cert, SslPolicyErrors errors)
    {
        if (cert is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(cert);
        return chain.Build(presented);
    }

    private static void Replace(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
