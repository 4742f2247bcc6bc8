using Multi.Cni.Kube;
using Multi.Operator.NodeAgent.CniServer;

namespace Multi.Operator.Tests.CniServer;

/// <summary>
/// The node access of these tests: the thin path's real per-call factory, always ready. Enough because the configurations here
/// name no kubeconfig, so the engine only runs the configured delegates and never opens the API.
/// </summary>
internal sealed class TestNodeApiAccess : INodeApiAccess
{
    public IKubeApiFactory Factory { get; } = new KubeApiFactory(TimeProvider.System);

    public string? NotReady => null;

    public int Starts { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Starts++;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
