using k8s;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Multi.Runtime;

/// <summary>
/// Reads a kubeconfig file with a plain YamlDotNet deserializer. KubernetesClient's own loader goes through
/// <c>KubernetesYaml</c>, whose first use maps every model type of the client: 46 MiB of resident memory in a
/// manager that never reads YAML again (30 MiB more than this reader; bench/results/operator.md).
/// </summary>
public static class KubeconfigFile
{
    private static readonly IDeserializer Reader = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    public static KubernetesClientConfiguration Load(string path, string? context = null)
    {
        K8SConfiguration? model;
        try
        {
            model = Reader.Deserialize<K8SConfiguration>(File.ReadAllText(path));
        }
        catch (YamlException ex)
        {
            throw new InvalidOperationException($"kubeconfig {path} is not valid YAML: {ex.Message}", ex);
        }

        if (model is null)
        {
            throw new InvalidOperationException($"kubeconfig {path} is empty");
        }

        model.FileName = path; // relative certificate and key paths are relative to the file
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(model, context);
    }

    public static Kubernetes Client(string path) => new(Load(path));
}
