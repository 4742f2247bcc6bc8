namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>
/// The host-interface part of the agent's <c>/readyz</c>: null once its informers have synced (or when the reconcile is
/// off); otherwise why not. The CNI daemon's probe endpoint, when it serves one, asks this too.
/// </summary>
internal sealed class HostInterfaceReadiness
{
    private volatile Func<string?>? source;

    public string? NotReady => source?.Invoke();

    /// <summary>Set when the service starts: until its informers sync, the agent is not ready.</summary>
    public void Track(Func<string?> notReady) => source = notReady;
}
