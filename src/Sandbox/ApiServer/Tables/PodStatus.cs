using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer.Tables;

/// <summary>
/// What kubectl's pod row shows (the real server's <c>printPod</c>, without init containers): ready containers of
/// all, the status reason (a waiting or terminated container's reason over the phase; Terminating while deleting),
/// and the restarts summed over containers.
/// </summary>
internal sealed record PodStatus(string Ready, string Reason, long Restarts)
{
    public static PodStatus Of(JsonObject pod)
    {
        var total = TableColumns.Count(pod["spec"]?["containers"]);
        var reason = TableColumns.String(pod, "status.reason") ?? TableColumns.String(pod, "status.phase") ?? "Unknown";
        var ready = 0;
        long restarts = 0;
        foreach (var container in (pod["status"]?["containerStatuses"] as JsonArray ?? []).Reverse())
        {
            restarts += TableColumns.Number(container, "restartCount");
            var state = container?["state"];
            if (TableColumns.String(state, "waiting.reason") is { Length: > 0 } waiting)
                reason = waiting;
            else if (TableColumns.String(state, "terminated.reason") is { Length: > 0 } terminated)
                reason = terminated;
            else if (state?["terminated"] is JsonObject exited)
                reason = $"ExitCode:{TableColumns.Number(exited, "exitCode")}";
            else if (state?["running"] is not null && container?["ready"] is JsonValue r && r.TryGetValue<bool>(out var isReady) && isReady)
                ready++;
        }

        if (ObjectMetadata.IsDeleting(pod))
            reason = reason == "NodeLost" ? "Unknown" : "Terminating";
        return new PodStatus($"{ready}/{total}", reason, restarts);
    }
}
