using System.Text.Json.Nodes;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>An event the engine posted, waiting to be sent: the collection path and the body.</summary>
internal sealed record PendingEvent(string Path, JsonObject Body)
{
    public string Reason => CachedObject.Text(Body, "reason") ?? "?";

    public string Namespace => Body["metadata"] is JsonObject meta ? CachedObject.Text(meta, "namespace") ?? "?" : "?";
}
