using System.Diagnostics;
using System.Text;
using System.Text.Json;
using k8s;
using Multi.Operator.Controllers.Reclaim;
using Multi.Operator.Entities;

namespace Multi.Bench.Reclaim;

/// <summary>
/// Where one pool's audit time goes, measured in this process on the same server at rest: the paged LIST fetched as bytes
/// (the server's work and the transfer), then those pages decoded as the operator's <c>ReclaimApi.ListPoolAsync</c> decoded
/// them before this bench (the client's <c>object</c> answer as a JsonElement, then each item's raw text deserialized
/// with <see cref="KubernetesJson"/>), and decoded as it does now, straight into its typed <see cref="ClaimPage"/>.
/// </summary>
internal static class AuditDecomposition
{
    public static async Task<(double FetchMs, double ElementThenItemMs, double TypedPageMs, int Items)> MeasureAsync(Kubernetes client, string pool, int pageSize)
    {
        var pages = new List<byte[]>();
        string? token = null;
        var fetch = TimeSpan.Zero;
        do
        {
            var uri = new Uri(client.BaseUri, $"apis/{IpAllocationResource.Group}/{IpAllocationResource.Version}/{IpAllocationResource.Plural}?labelSelector={Uri.EscapeDataString(IpAllocationResource.PoolLabel + "=" + pool)}&limit={pageSize}"
                + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
            var started = Stopwatch.GetTimestamp();
            var bytes = await client.HttpClient.GetByteArrayAsync(uri).ConfigureAwait(false);
            fetch += Stopwatch.GetElapsedTime(started);
            pages.Add(bytes);
            using var doc = JsonDocument.Parse(bytes);
            token = doc.RootElement.GetProperty("metadata").TryGetProperty("continue", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(token));

        var items = 0;
        var watch = Stopwatch.StartNew();
        foreach (var page in pages)
        {
            var root = (JsonElement)KubernetesJson.Deserialize<object>(Encoding.UTF8.GetString(page));
            foreach (var item in root.GetProperty("items").EnumerateArray())
            {
                items += KubernetesJson.Deserialize<IpAllocationResource>(item.GetRawText()) is null ? 0 : 1;
            }
        }

        var elementThenItem = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        foreach (var page in pages)
        {
            using var stream = new MemoryStream(page);
            _ = KubernetesJson.Deserialize<ClaimPage>(stream).Claims();
        }

        return (fetch.TotalMilliseconds, elementThenItem, watch.Elapsed.TotalMilliseconds, items);
    }
}
