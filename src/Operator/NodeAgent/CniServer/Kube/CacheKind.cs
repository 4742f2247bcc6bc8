namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>What an API path names, as far as the daemon's caches are concerned.</summary>
internal enum CacheKind
{
    /// <summary>Not cached: sent to the API server.</summary>
    None,
    Pod,
    Nad,
    NadList,
    Pool,
    Node,
    Events,
}
