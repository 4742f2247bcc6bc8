using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Multi.Sandbox.Local;

/// <summary>
/// A minimal <c>kubectl create -f</c>: sends each document of multi-document YAML through the real KubernetesClient.
/// CustomResourceDefinitions, Namespaces and Pods go through their typed APIs; any other kind must belong to a CRD
/// applied before it (its plural comes from that CRD) and goes through the custom-objects API. An object that already
/// exists is left as it is. A Pod without <c>spec.nodeName</c> is bound to <paramref name="nodeName"/> when one is given,
/// as a scheduler would bind it (the sandbox has one node, and its daemon's informer sees only that node's pods).
/// </summary>
internal sealed class ManifestApplier(IKubernetes client, string? nodeName = null)
{
    private readonly Dictionary<(string Group, string Kind), (string Plural, bool Namespaced)> customKinds = [];

    /// <summary>Applies every document in order and returns what each was.</summary>
    public async Task<IReadOnlyList<AppliedObject>> ApplyAsync(string yaml, CancellationToken cancellationToken = default)
    {
        var applied = new List<AppliedObject>();
        foreach (var document in YamlDocuments.Parse(yaml))
        {
            applied.Add(await ApplyAsync(document, cancellationToken).ConfigureAwait(false));
        }

        return applied;
    }

    private async Task<AppliedObject> ApplyAsync(JsonObject document, CancellationToken cancellationToken)
    {
        var apiVersion = (string?)document["apiVersion"] ?? throw new InvalidOperationException("a manifest has no apiVersion");
        var kind = (string?)document["kind"] ?? throw new InvalidOperationException("a manifest has no kind");
        var name = (string?)document["metadata"]?["name"] ?? throw new InvalidOperationException($"a {kind} has no metadata.name");
        var ns = kind is "CustomResourceDefinition" or "Namespace" ? null : (string?)document["metadata"]?["namespace"] ?? "default";
        if (kind == "Pod" && nodeName is not null)
        {
            Bind(document, nodeName);
        }

        var json = document.ToJsonString();
        await IgnoreConflictAsync(kind switch
        {
            "CustomResourceDefinition" => CreateCrdAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(json), cancellationToken),
            "Namespace" => client.CoreV1.CreateNamespaceAsync(KubernetesJson.Deserialize<V1Namespace>(json), cancellationToken: cancellationToken),
            "Pod" => client.CoreV1.CreateNamespacedPodAsync(KubernetesJson.Deserialize<V1Pod>(json), ns!, cancellationToken: cancellationToken),
            _ => CreateCustomAsync(document, apiVersion, kind, ns, cancellationToken),
        }).ConfigureAwait(false);
        return new AppliedObject(kind, ns, name);
    }

    /// <summary>Sets <c>spec.nodeName</c> unless the manifest names a node itself.</summary>
    private static void Bind(JsonObject pod, string node)
    {
        if (pod["spec"] is not JsonObject spec)
        {
            pod["spec"] = spec = [];
        }

        if (string.IsNullOrEmpty((string?)spec["nodeName"]))
        {
            spec["nodeName"] = node;
        }
    }

    private Task CreateCrdAsync(V1CustomResourceDefinition crd, CancellationToken cancellationToken)
    {
        customKinds[(crd.Spec.Group, crd.Spec.Names.Kind)] = (crd.Spec.Names.Plural, crd.Spec.Scope == "Namespaced");
        return client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
    }

    private Task CreateCustomAsync(JsonObject document, string apiVersion, string kind, string? ns, CancellationToken cancellationToken)
    {
        var (group, version) = apiVersion.Split('/') is [var g, var v] ? (g, v) : (string.Empty, apiVersion);
        if (!customKinds.TryGetValue((group, kind), out var type))
        {
            throw new InvalidOperationException($"cannot apply {kind} ({apiVersion}): apply its CustomResourceDefinition first");
        }

        return type.Namespaced
            ? client.CustomObjects.CreateNamespacedCustomObjectAsync(document, group, version, ns ?? "default", type.Plural, cancellationToken: cancellationToken)
            : client.CustomObjects.CreateClusterCustomObjectAsync(document, group, version, type.Plural, cancellationToken: cancellationToken);
    }

    private static async Task IgnoreConflictAsync(Task create)
    {
        try
        {
            await create.ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there: applying the same manifests twice is not an error.
        }
    }
}
