using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Cni.Kube;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Nad;

namespace Multi.Cni.Pods;

/// <summary>
/// The plugin's API calls on the ADD path (npwg-behaviour.md, sections 10 and 11): the pod, its NADs in one
/// request per namespace the pod names, and the <c>network-status</c> write. Failures become CNI errors naming the pod: code 11 when the API
/// server is unreachable or overloaded (the runtime retries), 108 for identity problems, 5 for other API errors.
/// </summary>
internal sealed class PodApi(IKubeApi api)
{
    private const string NadApi = $"/apis/{NetworkAttachmentDefinition.Group}/{NetworkAttachmentDefinition.Version}";
    private const int StatusWriteAttempts = 3;

    public IKubeApi Api => api;

    public async Task<PodInfo> ReadPodAsync(string podNamespace, string podName, CancellationToken ct)
    {
        var qualified = $"{podNamespace}/{podName}";
        try
        {
            return PodInfo.From(await api.GetAsync(PodPath(podNamespace, podName), ct).ConfigureAwait(false));
        }
        catch (KubeApiException ex) when (ex.StatusCode == 404)
        {
            throw new CniException(CniErrorCode.PodIdentity, $"pod {qualified} not found in the API server", ex.Message);
        }
        catch (KubeApiException ex)
        {
            throw Failure($"pod {qualified}: cannot read the pod", ex);
        }
        catch (FormatException ex)
        {
            throw new CniException(CniErrorCode.PodIdentity, $"pod {qualified}: the API server returned an unusable pod object: {ex.Message}");
        }
    }

    /// <summary>
    /// On ADD the pod must have the UID the runtime gave (section 11); static and mirror pods are exempt because the
    /// kubelet knows them under another UID.
    /// </summary>
    public static void CheckUid(PodInfo pod, string? expectedUid)
    {
        if (!string.IsNullOrEmpty(expectedUid) && pod.Uid != expectedUid && !pod.IsStaticOrMirror)
        {
            throw new CniException(
                CniErrorCode.PodIdentity,
                $"pod {pod.QualifiedName}: UID mismatch: the runtime asked for UID {expectedUid} but the API server has UID {pod.Uid} (the pod was deleted and re-created)");
        }
    }

    /// <summary>
    /// The NADs of <paramref name="wanted"/>: per namespace the pod names, a GET when it needs one NAD there, else a LIST of
    /// that namespace; the namespaces are read in parallel. Never a cluster-wide LIST: the cost follows the pod, not the
    /// cluster's thousands of NADs. Absent NADs (a 404 for a NAD, or for a list when the CRD is missing) are simply not in
    /// the result; any other failure fails the read naming every wanted NAD.
    /// </summary>
    public async Task<Dictionary<(string Namespace, string Name), NetworkAttachmentDefinition>> ReadNadsAsync(
        PodInfo pod, IReadOnlyCollection<(string Namespace, string Name)> wanted, CancellationToken ct)
    {
        var found = new Dictionary<(string, string), NetworkAttachmentDefinition>();
        if (wanted.Count == 0)
        {
            return found;
        }

        var byNamespace = wanted.Distinct().GroupBy(w => w.Namespace, StringComparer.Ordinal).ToList();
        IReadOnlyList<JsonObject>[] answers;
        try
        {
            answers = await Task.WhenAll(byNamespace.Select(group => ReadNamespaceAsync(group.Key, [.. group.Select(w => w.Name)], ct))).ConfigureAwait(false);
        }
        catch (KubeApiException ex)
        {
            throw Failure($"pod {pod.QualifiedName}: cannot read network-attachment-definitions {string.Join(", ", wanted.Select(w => $"{w.Namespace}/{w.Name}"))}", ex);
        }

        foreach (var nad in answers.SelectMany(a => a).Select(Nad).OfType<NetworkAttachmentDefinition>())
        {
            if (wanted.Contains((nad.Namespace, nad.Name)))
            {
                found[(nad.Namespace, nad.Name)] = nad;
            }
        }

        return found;
    }

    /// <summary>One namespace's wanted NADs: a GET of the one, or a LIST of the namespace; a 404 is none.</summary>
    private async Task<IReadOnlyList<JsonObject>> ReadNamespaceAsync(string ns, IReadOnlyList<string> names, CancellationToken ct)
    {
        var path = names.Count == 1
            ? $"{NadApi}/namespaces/{Escape(ns)}/{NetworkAttachmentDefinition.Plural}/{Escape(names[0])}"
            : $"{NadApi}/namespaces/{Escape(ns)}/{NetworkAttachmentDefinition.Plural}";
        try
        {
            var response = await api.GetAsync(path, ct).ConfigureAwait(false);
            return names.Count == 1 ? [response] : [.. (response["items"] as JsonArray ?? []).OfType<JsonObject>()];
        }
        catch (KubeApiException ex) when (ex.StatusCode == 404)
        {
            return []; // The NAD (or, for a list, the CRD) does not exist.
        }
    }

    /// <summary>
    /// Writes <c>network-status</c> through the status subresource with the pod's UID as precondition. A conflict
    /// re-reads the pod: a new UID means the pod was replaced (code 108); otherwise the write is retried.
    /// </summary>
    public async Task WriteNetworkStatusAsync(PodInfo pod, string networkStatus, CancellationToken ct)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["uid"] = pod.Uid,
                ["annotations"] = new JsonObject { [NetworkStatusBuilder.AnnotationKey] = networkStatus },
            },
        };
        KubeApiException? last = null;
        for (var attempt = 0; attempt < StatusWriteAttempts; attempt++)
        {
            try
            {
                await api.PatchAsync(PodPath(pod.Namespace, pod.Name) + "/status", "application/merge-patch+json", patch, ct).ConfigureAwait(false);
                return;
            }
            catch (KubeApiException ex) when (ex.StatusCode == 404)
            {
                throw new CniException(CniErrorCode.PodIdentity, $"pod {pod.QualifiedName}: the pod was deleted while its networks were attached; network-status not written", ex.Message);
            }
            catch (KubeApiException ex) when (ex.StatusCode == 409)
            {
                last = ex;
                var current = await ReadPodAsync(pod.Namespace, pod.Name, ct).ConfigureAwait(false);
                if (current.Uid != pod.Uid)
                {
                    throw new CniException(CniErrorCode.PodIdentity, $"pod {pod.QualifiedName}: the pod was replaced while its networks were attached (UID {pod.Uid}, now {current.Uid}); network-status not written");
                }
            }
            catch (KubeApiException ex)
            {
                throw Failure($"pod {pod.QualifiedName}: cannot write network-status", ex);
            }
        }

        throw Failure($"pod {pod.QualifiedName}: cannot write network-status after {StatusWriteAttempts} conflicts", last!);
    }

    public static string PodPath(string podNamespace, string podName) => $"/api/v1/namespaces/{Escape(podNamespace)}/pods/{Escape(podName)}";

    /// <summary>The NAD, or null when its metadata is missing or cannot be decoded (it counts as absent).</summary>
    private static NetworkAttachmentDefinition? Nad(JsonObject item)
    {
        string ns, name;
        string? resourceName;
        try
        {
            if (item["metadata"] is not JsonObject metadata || Text(metadata["namespace"]) is not { } readNs || Text(metadata["name"]) is not { } readName)
            {
                return null;
            }

            (ns, name) = (readNs, readName);
            resourceName = metadata["annotations"] is JsonObject annotations ? Text(annotations[NetworkAttachmentDefinition.ResourceNameAnnotation]) : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return new NetworkAttachmentDefinition(ns, name, Config(item), resourceName);
    }

    /// <summary><c>spec.config</c> as text; one the JSON reader cannot decode is kept undecodable, for the resolver to report (code 104).</summary>
    private static string? Config(JsonObject item)
    {
        try
        {
            return (item["spec"] as JsonObject)?["config"] is { } config ? Text(config) ?? config.ToJsonString() : null;
        }
        catch (InvalidOperationException)
        {
            return PodInfo.UndecodableText;
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static CniException Failure(string what, KubeApiException ex) => new(
        ex.IsTransient ? CniErrorCode.TryAgainLater : CniErrorCode.IoFailure,
        ex.IsTransient ? $"{what}: the API server is unreachable or overloaded" : what,
        ex.Message);
}
