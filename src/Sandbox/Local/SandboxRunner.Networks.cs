using System.Net;
using k8s;
using Multi.Core.Annotations;

namespace Multi.Sandbox.Local;

internal sealed partial class SandboxRunner
{
    /// <summary>How long <c>up</c> gives the operator to render the sample networks.</summary>
    private static readonly TimeSpan NetworksTimeout = TimeSpan.FromSeconds(30);

    private const string NadGroup = "k8s.cni.cncf.io";

    /// <summary>
    /// Waits (bounded) until every applied ClusterNetwork is Ready on its latest generation and every NAD that an applied
    /// pod's networks annotation names exists: the operator renders asynchronously, and into a namespace only once it
    /// exists. On timeout the error names the first network (and its Ready condition) or NAD still missing.
    /// </summary>
    private async Task WaitForNetworksAsync(IKubernetes client, IReadOnlyList<AppliedObject> applied, CancellationToken cancellationToken)
    {
        var networks = applied.Where(o => o.Kind == "ClusterNetwork").Select(o => o.Name).ToList();
        var nads = await NadsThePodsNeedAsync(client, applied, cancellationToken).ConfigureAwait(false);
        progress($"waiting for the operator: ClusterNetworks {string.Join(", ", networks)} Ready, NADs {string.Join(", ", nads.Select(n => n.Nad.QualifiedName))} in place");
        var deadline = Time.GetUtcNow() + NetworksTimeout;
        while (await FirstMissingAsync(client, networks, nads, cancellationToken).ConfigureAwait(false) is { } missing)
        {
            if (Time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{missing} after {NetworksTimeout.TotalSeconds} s; see the operator's log {topology.OperatorLogFile}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first network not Ready or NAD not there, or null when all are.</summary>
    private static async Task<string?> FirstMissingAsync(
        IKubernetes client, IReadOnlyList<string> networks, IReadOnlyList<(NetworkSelection Nad, string Pod)> nads, CancellationToken cancellationToken)
    {
        var states = await ClusterNetworkState.ReadAsync(client, cancellationToken).ConfigureAwait(false);
        foreach (var name in networks)
        {
            var state = states.FirstOrDefault(n => n.Name == name);
            if (state is not { IsReady: true })
            {
                return state is null
                    ? $"ClusterNetwork {name} does not exist"
                    : $"ClusterNetwork {name} is not ready: {state.ReadyText}: {state.Message ?? "no message"}";
            }
        }

        foreach (var (nad, pod) in nads)
        {
            if (!await NadExistsAsync(client, nad.Namespace, nad.Name, cancellationToken).ConfigureAwait(false))
            {
                return $"NAD {nad.QualifiedName} (named by {pod}'s networks annotation) does not exist";
            }
        }

        return null;
    }

    /// <summary>Every <c>namespace/name</c> the applied pods' networks annotations name; an unparsable annotation is left to multi's ADD to report.</summary>
    private static async Task<IReadOnlyList<(NetworkSelection Nad, string Pod)>> NadsThePodsNeedAsync(IKubernetes client, IReadOnlyList<AppliedObject> applied, CancellationToken cancellationToken)
    {
        var nads = new List<(NetworkSelection Nad, string Pod)>();
        foreach (var pod in applied.Where(o => o.Kind == "Pod"))
        {
            var current = await client.CoreV1.ReadNamespacedPodAsync(pod.Name, pod.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            string? annotation = null;
            current.Metadata.Annotations?.TryGetValue(NetworkSelectionParser.NetworksAnnotation, out annotation);
            var selections = NetworkSelectionParser.Parse(annotation, pod.Namespace!);
            if (selections.IsOk)
            {
                nads.AddRange(selections.Value.Select(s => (s, $"{pod.Namespace}/{pod.Name}")));
            }
        }

        return nads.DistinctBy(n => n.Nad.QualifiedName).ToList();
    }

    private static async Task<bool> NadExistsAsync(IKubernetes client, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.GetNamespacedCustomObjectAsync(NadGroup, "v1", ns, "network-attachment-definitions", name, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>The ClusterNetworks from the API; an API failure is one row saying so.</summary>
    private static async Task<IReadOnlyList<ClusterNetworkState>> ReadClusterNetworksAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        try
        {
            return await ClusterNetworkState.ReadAsync(client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException or TaskCanceledException)
        {
            return [new ClusterNetworkState("?", string.Empty, null, null, null, null, $"cannot list the ClusterNetworks: {ex.Message}", false)];
        }
    }
}
