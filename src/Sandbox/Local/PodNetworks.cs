using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Sandbox.Local;

/// <summary>One entry of a pod's <c>k8s.v1.cni.cncf.io/network-status</c> annotation.</summary>
internal sealed record NetworkStatusEntry(string Network, string Interface, IReadOnlyList<string> Ips, string? Mac, bool Default);

/// <summary>A pod as the API shows it: its network-status entries, or why there are none.</summary>
internal sealed record PodNetworks(SandboxPod Pod, IReadOnlyList<NetworkStatusEntry> Networks, string? Problem)
{
    public const string NetworkStatusAnnotation = "k8s.v1.cni.cncf.io/network-status";

    /// <summary>Parses the annotation value; a missing or malformed value is reported as a problem, not thrown.</summary>
    public static PodNetworks From(SandboxPod pod, IDictionary<string, string>? annotations)
    {
        if (annotations is null || !annotations.TryGetValue(NetworkStatusAnnotation, out var value))
        {
            return new PodNetworks(pod, [], "no network-status annotation");
        }

        try
        {
            var entries = (JsonNode.Parse(value) as JsonArray ?? []).OfType<JsonObject>().Select(e => new NetworkStatusEntry(
                (string?)e["name"] ?? string.Empty,
                (string?)e["interface"] ?? string.Empty,
                (e["ips"] as JsonArray ?? []).Select(i => (string?)i ?? string.Empty).ToList(),
                (string?)e["mac"],
                e["default"] is JsonValue d && d.GetValueKind() == JsonValueKind.True)).ToList();
            return new PodNetworks(pod, entries, null);
        }
        catch (JsonException ex)
        {
            return new PodNetworks(pod, [], $"network-status is not valid JSON: {ex.Message}");
        }
    }
}
