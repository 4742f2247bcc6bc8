using Multi.Core.Cni;

namespace Multi.Cni.Kube;

/// <summary>
/// The production <see cref="IKubeApiFactory"/>: <see cref="KubeApiClient"/> with the default retry budget on ADD
/// (about ten attempts 250 ms apart, 15 s at most per call) and a short one on DEL, which has the cache to fall back on.
/// </summary>
internal sealed class KubeApiFactory(TimeProvider clock) : IKubeApiFactory
{
    private static readonly KubeRetryPolicy DeletePolicy = new()
    {
        MaxAttempts = 3,
        AttemptTimeout = TimeSpan.FromSeconds(2),
        TotalTimeout = TimeSpan.FromSeconds(5),
    };

    public IKubeApi Create(string kubeconfigPath, CniCommand command)
    {
        try
        {
            return KubeApiClient.Create(kubeconfigPath, command == CniCommand.Del ? DeletePolicy : KubeRetryPolicy.Default, clock);
        }
        catch (KubeconfigException ex)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"cannot use the kubeconfig: {ex.Message}");
        }
    }
}
