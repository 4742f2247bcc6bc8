using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Multi.Cni.Kube;

/// <summary>
/// The HTTP handler and credentials a <see cref="Kubeconfig"/> asks for. No proxy (nothing deeper than
/// <c>Program</c> reads the environment, and the API server is reached directly), no redirects (credentials stay with
/// the configured server), no cookies, no decompression.
/// </summary>
internal static class KubeTransport
{
    public static SocketsHttpHandler CreateHandler(Kubeconfig config, KubeRetryPolicy policy)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = policy.AttemptTimeout,
        };
        if (config.Server.Scheme == Uri.UriSchemeHttps)
        {
            handler.SslOptions = SslOptions(config);
        }

        return handler;
    }

    /// <summary>
    /// TLS as client-go does it: trust only the configured authorities when there are any (the system store
    /// otherwise), present the client certificate, or skip every check with <c>insecure-skip-tls-verify</c>. The
    /// name checked is the request's host (<c>tls-server-name</c> goes in the Host header: see <see cref="KubeApiClient"/>).
    /// </summary>
    public static SslClientAuthenticationOptions SslOptions(Kubeconfig config)
    {
        var options = new SslClientAuthenticationOptions();
        if (config.ClientCertificate is { } certificate)
        {
            options.ClientCertificates = [certificate];
        }

        if (config.InsecureSkipTlsVerify)
        {
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (config.CertificateAuthorities is { } authorities)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(authorities);
            options.CertificateChainPolicy = policy;
        }

        return options;
    }

    /// <summary>A bearer token, else basic auth, else nothing.</summary>
    public static AuthenticationHeaderValue? Authorization(Kubeconfig config)
    {
        if (config.BearerToken is { } token)
        {
            return new AuthenticationHeaderValue("Bearer", token);
        }

        return config.Username is { } username
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{config.Password}")))
            : null;
    }
}
