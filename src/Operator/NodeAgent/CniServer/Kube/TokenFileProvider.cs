using System.Net.Http.Headers;
using k8s.Authentication;
using Multi.Cni.Kube;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>
/// The informers' bearer token from a token file, through the same <see cref="TokenFileCredential"/> as the CNI path: the file is
/// looked at once a second (KubernetesClient's own <c>TokenFileAuth</c> re-reads once a minute, and its kubeconfig model has no
/// <c>tokenFile</c> at all).
/// </summary>
internal sealed class TokenFileProvider(TokenFileCredential credential) : ITokenProvider
{
    public Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new AuthenticationHeaderValue("Bearer", credential.Current()));
}
