using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using k8s;
using Multi.Cni.Kube;
using Multi.Runtime;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>
/// The daemon's two clients of one API server and one identity: the CNI path's long-lived <see cref="KubeApiClient"/> (writes
/// and cache misses) and the informers' KubernetesClient. From a kubeconfig file, or in-cluster (the service account's token
/// and CA, the server from <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c>). A token file is followed by both when it rotates.
/// </summary>
internal sealed record NodeKubeConnection(KubeApiClient Http, Kubernetes Client, string Server, string Credentials) : IDisposable
{
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static NodeKubeConnection Create(string? kubeconfigPath, TimeProvider time, string serviceAccountDirectory = ServiceAccountDirectory)
    {
        var fromFile = !string.IsNullOrEmpty(kubeconfigPath);
        var config = fromFile ? KubeconfigLoader.Load(kubeconfigPath!) : InCluster(serviceAccountDirectory);
        var http = KubeApiClient.Create(config, KubeRetryPolicy.Default, time);
        var clientConfig = ClientConfiguration(config, kubeconfigPath, time);
        var credentials = config.TokenFile is { } tokenFile ? $"token file {tokenFile.Path}"
            : config.BearerToken is not null ? "token"
            : config.ClientCertificate is not null ? "client certificate"
            : config.Username is not null ? "basic" : "none";
        return new NodeKubeConnection(http, new Kubernetes(clientConfig), config.Server.ToString(), credentials);
    }

    public void Dispose()
    {
        Http.Dispose();
        Client.Dispose();
    }

    /// <summary>
    /// The informers' configuration. With a token file it is built from what Multi's loader read, with the same rotation
    /// (KubernetesClient's kubeconfig model has no <c>tokenFile</c>: it refuses a user that has only that, and its in-cluster
    /// <c>TokenFileAuth</c> re-reads once a minute and not on a 401). Otherwise the kubeconfig is read as the manager reads it.
    /// </summary>
    private static KubernetesClientConfiguration ClientConfiguration(Kubeconfig config, string? kubeconfigPath, TimeProvider time)
    {
        if (config.TokenFile is not null || string.IsNullOrEmpty(kubeconfigPath))
        {
            return new KubernetesClientConfiguration
            {
                Host = config.Server.ToString(),
                SslCaCerts = config.CertificateAuthorities,
                SkipTlsVerify = config.InsecureSkipTlsVerify,
                TlsServerName = config.TlsServerName,
                TokenProvider = config is { TokenFile: { } f, BearerToken: { } t } ? new TokenFileProvider(new TokenFileCredential(f, t, time)) : null,
            };
        }

        return KubeconfigFile.Load(kubeconfigPath);
    }

    /// <summary>The pod's own service account, as client-go's in-cluster configuration reads it.</summary>
    private static Kubeconfig InCluster(string directory)
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("no kubeconfig is configured and KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set (not in a cluster)");
        }

        var tokenPath = Path.Combine(directory, "token");
        var modified = File.GetLastWriteTimeUtc(tokenPath);
        var token = File.ReadAllText(tokenPath).Trim();
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(Path.Combine(directory, "ca.crt"));
        var server = new Uri(string.Create(CultureInfo.InvariantCulture, $"https://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}"));
        return new Kubeconfig("in-cluster", "in-cluster", server)
        {
            CertificateAuthorities = authorities,
            BearerToken = token,
            TokenFile = new KubeTokenFile(tokenPath, modified),
        };
    }
}
