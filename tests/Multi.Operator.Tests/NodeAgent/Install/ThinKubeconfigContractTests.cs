using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Multi.Cni.Kube;
using Multi.Operator.NodeAgent.Install;

namespace Multi.Operator.Tests.NodeAgent.Install;

/// <summary>The thin-fallback kubeconfig the installer writes, read back by the loader <c>multi</c> itself uses.</summary>
public sealed class ThinKubeconfigContractTests
{
    [Fact]
    public void Render_ReadByMultisLoader_ServerCaAndTokenFromTheTokenFile()
    {
        var dir = Directory.CreateTempSubdirectory("multi-thin-");
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var ca = new CertificateRequest("CN=kubernetes", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var tokenFile = Path.Combine(dir.FullName, "token");
            File.WriteAllText(tokenFile, "rotated-token-1\n");
            var path = Path.Combine(dir.FullName, "multi.kubeconfig");
            File.WriteAllText(path, ThinKubeconfig.Render(ThinKubeconfig.ServerFromEnvironment("fd00::1", "443")!, Encoding.ASCII.GetBytes(ca.ExportCertificatePem()), tokenFile));

            var loaded = KubeconfigLoader.Load(path);

            Assert.Equal(new Uri("https://[fd00::1]:443"), loaded.Server);
            Assert.Equal(ca.Thumbprint, Assert.Single(loaded.CertificateAuthorities!).Thumbprint);
            Assert.Equal("rotated-token-1", loaded.BearerToken);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
