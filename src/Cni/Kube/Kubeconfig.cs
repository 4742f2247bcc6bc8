using System.Security.Cryptography.X509Certificates;

namespace Multi.Cni.Kube;

/// <summary>
/// What the current context of a kubeconfig says about reaching the API server: the server, how to trust it and
/// which credentials to send. Certificates are loaded and files read when the kubeconfig is loaded. Secrets
/// (token, password, key) never appear in <see cref="ToString"/>.
/// </summary>
internal sealed record Kubeconfig(string SourcePath, string Context, Uri Server)
{
    public string? Namespace { get; init; }

    /// <summary>The roots to trust instead of the system store; null trusts the system store.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The name to expect in the server certificate (and send as SNI) instead of the host of <see cref="Server"/>.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>A client certificate with its private key.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    public string? BearerToken { get; init; }

    /// <summary>Set when <see cref="BearerToken"/> was read from a <c>tokenFile</c>: the client follows the file's rotation.</summary>
    public KubeTokenFile? TokenFile { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public override string ToString() => $"{SourcePath} (context \"{Context}\", server {Server})";
}
