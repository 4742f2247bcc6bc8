using k8s;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Multi.Runtime;

/// <summary>
/// Reads a kubeconfig file through YamlDotNet's node model, mapping the fields the client uses by hand. KubernetesClient's
/// own loader goes through <c>KubernetesYaml</c>, whose first use maps every model type of the client: 46 MiB of
/// resident memory in a manager that never reads YAML again (bench/results/operator.md); and a reflection-based
/// deserializer cannot run in the NativeAOT build. Unknown fields are ignored, as kubectl ignores them.
/// </summary>
public static class KubeconfigFile
{
    public static KubernetesClientConfiguration Load(string path, string? context = null)
    {
        var model = Parse(File.ReadAllText(path), path);
        model.FileName = path; // relative certificate and key paths are relative to the file
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(model, context);
    }

    public static Kubernetes Client(string path) => new(Load(path));

    internal static K8SConfiguration Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new InvalidOperationException($"kubeconfig {path} is not valid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidOperationException($"kubeconfig {path} is empty");
        }

        return KubeconfigYaml.Configuration(root);
    }
}
