using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Multi.Cni.Kube;
using Multi.Cni.Logging;

namespace Multi.Cni.Pods;

/// <summary>
/// Kubernetes events about one pod (npwg-behaviour.md, section 11), sent off the ADD path: each is posted at once
/// without waiting, and <see cref="DrainAsync"/> waits for the lot within a bound before the plugin exits.
/// Failures are logged, never fatal.
/// </summary>
internal sealed class PodEvents(IKubeApi api, PodInfo pod, TimeProvider clock, ILogger logger)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
    private readonly List<Task> pending = [];
    private int sequence;

    public int Count => pending.Count;

    public void Post(string type, string reason, string message) => pending.Add(SendAsync(Event(type, reason, message)));

    /// <summary>Waits for every posted event, at most <paramref name="bound"/>; what is not done by then is abandoned.</summary>
    public async Task DrainAsync(TimeSpan bound)
    {
        if (pending.Count == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(bound, clock).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.EventsAbandoned(pending.Count(t => !t.IsCompleted), pod.QualifiedName);
        }
    }

    private async Task SendAsync(JsonObject body)
    {
        try
        {
            await api.CreateAsync($"/api/v1/namespaces/{Uri.EscapeDataString(pod.Namespace)}/events", body, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or OperationCanceledException)
        {
            logger.EventFailed((string)body["reason"]!, pod.QualifiedName, ex.Message);
        }
    }

    private JsonObject Event(string type, string reason, string message)
    {
        var now = clock.GetUtcNow();
        var timestamp = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var name = string.Create(CultureInfo.InvariantCulture, $"{pod.Name}.{now.ToUnixTimeMilliseconds() * 1000 + Environment.ProcessId % 1000:x}{sequence++}");
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = pod.Namespace },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["namespace"] = pod.Namespace,
                ["name"] = pod.Name,
                ["uid"] = pod.Uid,
            },
            ["type"] = type,
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = "multi" },
            ["reportingComponent"] = "multi",
            ["firstTimestamp"] = timestamp,
            ["lastTimestamp"] = timestamp,
            ["count"] = 1,
        };
    }
}
