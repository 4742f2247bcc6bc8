using k8s;

namespace Multi.Runtime;

/// <summary>Finds the API server the usual way: $KUBECONFIG (its first path), then in-cluster, then ~/.kube/config.</summary>
public static class KubeClientFactory
{
    public static IKubernetes FromEnvironment() => new Kubernetes(ResolveConfiguration());

    internal static KubernetesClientConfiguration ResolveConfiguration()
    {
        var tried = new List<string>();
        var variable = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(variable))
        {
            var first = variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            if (first is not null && File.Exists(first))
                return KubeconfigFile.Load(first);
            tried.Add($"KUBECONFIG={variable} (no file at '{first}')");
        }
        else
        {
            tried.Add("KUBECONFIG (not set)");
        }

        if (KubernetesClientConfiguration.IsInCluster())
            return KubernetesClientConfiguration.InClusterConfig();
        tried.Add("in-cluster (KUBERNETES_SERVICE_HOST/PORT and the service account token not found)");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var defaultPath = Path.Combine(home, ".kube", "config");
        if (File.Exists(defaultPath))
            return KubeconfigFile.Load(defaultPath);
        tried.Add(defaultPath + " (no such file)");
        throw new InvalidOperationException("No Kubernetes API server configuration found; tried: " + string.Join("; ", tried));
    }
}
