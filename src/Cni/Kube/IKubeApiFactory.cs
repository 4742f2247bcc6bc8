using Multi.Core.Cni;

namespace Multi.Cni.Kube;

/// <summary>
/// Opens the API client of one invocation from the configured kubeconfig. DEL gets a shorter retry budget than
/// ADD because it must never hold up sandbox removal (npwg-behaviour.md, section 12).
/// </summary>
internal interface IKubeApiFactory
{
    /// <summary>Throws <see cref="CniException"/> (code 7) naming the kubeconfig when it cannot be used.</summary>
    IKubeApi Create(string kubeconfigPath, CniCommand command);
}
