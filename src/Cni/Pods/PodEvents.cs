using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Multi.Cni.Kube;
using Multi.Cni.Logging;

namespace Multi.Cni.Pods;

/// <summary>
/// Kubernetes events about one pod (npwg-behaviour.md, section 11), sent off the ADD path. In the <c>multi</c> process each
/// is posted at once without waiting, and <see cref="DrainAsync"/> waits for the lot within a bound before the plugin exits.
/// In the node daemon (<paramref name="afterAnswer"/>) they are held and <see cref="Release"/> sends them once the ADD is
/// done, so that neither the answer nor the delegates still to run share the CPU with them (node-daemon.md, section 2:
/// "events after the answer"). Failures are logged, never fatal.
/// </summary>
internal sealed class PodEvents(IKubeApi api, PodInfo pod, TimeProvider clock, ILogger logger, bool afterAnswer = false)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
    private readonly List<Task> pending = [];
    private readonly List<JsonObject> held = [];
    private int sequence;

    public int Count => pending.Count + held.Count;

    public void Post(string type, string reason, string message)
    {
        var body = Event(type, reason, message);
        if (afterAnswer)
        {
            held.Add(body);
        }
        else
        {
            pending.Add(SendAsync(body));
        }
    }

    /// <summary>Sends the held events on the thread pool, without waiting for them; they are abandoned after <paramref name="bound"/>.</summary>
    public void Release(TimeSpan bound)
    {
        if (held.Count == 0)
        {
            return;
        }

        var bodies = held.ToList();
        held.Clear();
        _ = Task.Run(async () =>
        {
            pending.AddRange(bodies.Select(SendAsync));
            await DrainAsync(bound).ConfigureAwait(false);
        });
    }

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
