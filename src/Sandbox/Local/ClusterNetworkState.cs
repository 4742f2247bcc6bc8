using System.Globalization;
using System.Text.Json.Nodes;
using k8s;

namespace Multi.Sandbox.Local;

/// <summary>
/// One ClusterNetwork as its <c>status</c> shows it (written by the operator): the link its NADs name, how many NADs are
/// in place, and the Ready condition. <see cref="Current"/>: the operator has observed the latest generation.
/// </summary>
internal sealed record ClusterNetworkState(
    string Name, string Type, string? Interface, int? NadCount, string? Ready, string? Reason, string? Message, bool Current)
{
    public const string Group = "multi.dev";

    public const string Version = "v1alpha1";

    public const string Plural = "clusternetworks";

    public bool IsReady => Ready == "True" && Current;

    /// <summary><c>Ready=True (Rendered)</c>, or <c>no status yet</c>.</summary>
    public string ReadyText => Ready is null ? "no status yet" : $"Ready={Ready} ({Reason}){(Current ? "" : ", older generation")}";

    /// <summary>Every ClusterNetwork in the cluster, by name.</summary>
    public static async Task<IReadOnlyList<ClusterNetworkState>> ReadAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync(Group, Version, Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (JsonNode.Parse(KubernetesJson.Serialize(list))?["items"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(From)
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
    }

    public static ClusterNetworkState From(JsonObject network)
    {
        var status = network["status"] as JsonObject;
        var ready = (status?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");
        var generation = network["metadata"]?["generation"]?.GetValue<long>();
        var observed = status?["observedGeneration"]?.GetValue<long>();
        return new ClusterNetworkState(
            (string?)network["metadata"]?["name"] ?? string.Empty,
            (string?)network["spec"]?["type"] ?? string.Empty,
            (string?)status?["interface"],
            status?["nadCount"]?.GetValue<int>(),
            (string?)ready?["status"],
            (string?)ready?["reason"],
            (string?)ready?["message"],
            status is not null && (generation is null || observed == generation));
    }

    /// <summary>The NADs column: the count from the status, or empty before the first status.</summary>
    public string NadText => NadCount?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
