using Multi.Cni.Kube;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>
/// The daemon's Kubernetes access (node-daemon.md, section 4): informer caches answer the engine's reads, one HTTP client
/// sends its writes, events go out after the answer. The CNI server starts it before it serves the socket.
/// </summary>
internal interface INodeApiAccess : IAsyncDisposable
{
    /// <summary>What the engine's verbs open instead of the thin path's per-call HTTP client.</summary>
    IKubeApiFactory Factory { get; }

    /// <summary>Starts the informers; completes once every one has synced.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Null when ready; otherwise why not (for <c>/readyz</c>).</summary>
    string? NotReady { get; }
}
