using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Multi.Core.Annotations;
using Multi.Operator.NodeAgent.HostInterfaces;

namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>
/// The pods attached on this node per network, from their <c>k8s.v1.cni.cncf.io/network-status</c>: every non-default entry
/// <c>&lt;namespace&gt;/&lt;nad&gt;</c> names the network whose rendered NAD it came through (rendered NADs take the
/// ClusterNetwork's name). Pods that finished (Succeeded, Failed) hold no interface any more. An annotation that does not
/// parse attaches nothing.
/// </summary>
internal static class PodAttachments
{
    public static IReadOnlyList<PodAttachment> From(IEnumerable<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var attachments = new List<PodAttachment>();
        foreach (var pod in pods)
        {
            if (pod.Status?.Phase is "Succeeded" or "Failed"
                || pod.Metadata?.Annotations?.TryGetValue(NetworkStatusBuilder.AnnotationKey, out var text) != true || string.IsNullOrEmpty(text))
            {
                continue;
            }

            var name = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
            attachments.AddRange(NetworksOf(text).Distinct(StringComparer.Ordinal).Select(network => new PodAttachment(name, network)));
        }

        return [.. attachments.OrderBy(a => a.Pod, StringComparer.Ordinal).ThenBy(a => a.Network, StringComparer.Ordinal)];
    }

    private static IEnumerable<string> NetworksOf(string annotation)
    {
        JsonArray? entries;
        try
        {
            entries = JsonNode.Parse(annotation) as JsonArray;
        }
        catch (JsonException)
        {
            yield break;
        }

        foreach (var entry in entries ?? [])
        {
            if (entry is not JsonObject obj || obj["default"] is JsonValue d && d.TryGetValue<bool>(out var isDefault) && isDefault)
            {
                continue;
            }

            if (obj["name"] is JsonValue n && n.TryGetValue<string>(out var full) && full.Length > 0)
            {
                yield return full[(full.IndexOf('/', StringComparison.Ordinal) + 1)..];
            }
        }
    }

    /// <summary>The informer transform: a pod reduced to its name, namespace, UID, phase and network-status annotation.</summary>
    public static object Trim(object obj) => obj is V1Pod pod
        ? new V1Pod
        {
            ApiVersion = pod.ApiVersion,
            Kind = pod.Kind,
            Metadata = new V1ObjectMeta
            {
                Name = pod.Metadata?.Name,
                NamespaceProperty = pod.Metadata?.NamespaceProperty,
                Uid = pod.Metadata?.Uid,
                ResourceVersion = pod.Metadata?.ResourceVersion,
                Annotations = pod.Metadata?.Annotations?.TryGetValue(NetworkStatusBuilder.AnnotationKey, out var status) == true
                    ? new Dictionary<string, string> { [NetworkStatusBuilder.AnnotationKey] = status }
                    : null,
            },
            Status = pod.Status?.Phase is { } phase ? new V1PodStatus { Phase = phase } : null,
        }
        : obj;
}
