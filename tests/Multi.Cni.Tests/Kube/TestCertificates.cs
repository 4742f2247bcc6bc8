using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Multi.Cni.Tests.Kube;

/// <summary>Self-signed ECDSA certificates made in the test, with their PEM forms.</summary>
internal static class TestCertificates
{
    /// <summary>A server certificate for 127.0.0.1 and <paramref name="dnsName"/>, usable by Kestrel (private key included).</summary>
    public static X509Certificate2 Server(string dnsName = "apiserver.multi.test") =>
        Create("CN=multi-test-apiserver", names =>
        {
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName(dnsName);
        });

    public static X509Certificate2 Client(string commonName = "multi-test-client") => Create($"CN={commonName}", null);

    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    public static string KeyPem(X509Certificate2 certificate) => certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    public static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(text));

    private static X509Certificate2 Create(string subject, Action<SubjectAlternativeNameBuilder>? addNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (addNames is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            addNames(names);
            request.CertificateExtensions.Add(names.Build());
        }

        var now = TimeProvider.System.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
