using Microsoft.Extensions.Logging;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>The daemon's Kubernetes access logs (event ids 530–559).</summary>
internal static partial class NodeApiLog
{
    [LoggerMessage(530, LogLevel.Information, "node API access for node {Node}: server {Server}, credentials {Credentials}")]
    public static partial void Connected(ILogger logger, string node, string server, string credentials);

    [LoggerMessage(531, LogLevel.Information, "node API caches synced: {Informers}")]
    public static partial void Synced(ILogger logger, string informers);

    [LoggerMessage(532, LogLevel.Debug, "cache miss ({Kind}) for {Path}: read from the API server")]
    public static partial void CacheMiss(ILogger logger, string kind, string path);

    [LoggerMessage(533, LogLevel.Warning, "event queue full ({Capacity}): event {Reason} about {Namespace} dropped")]
    public static partial void EventDropped(ILogger logger, int capacity, string reason, string @namespace);

    [LoggerMessage(534, LogLevel.Warning, "event {Reason} in {Namespace} not sent: {Error}")]
    public static partial void EventFailed(ILogger logger, string reason, string @namespace, string error);
}
