using k8s.Autorest;
using Multi.Core.Networks;
using Multi.Core.Validation;
using Multi.Operator.Controllers.ClusterNetworks;
using Multi.Operator.Entities;

namespace Multi.Operator.Webhook;

/// <summary>
/// ClusterNetwork admission (host-interfaces.md, sections 2 and 7). CREATE and UPDATE: <see cref="ClusterNetworkValidator"/>
/// (the rules the controller reports as InvalidSpec) and, against every other network in the cache, the shared-link rule of
/// <see cref="ClusterNetworkSetChecks"/>. An UPDATE that changes the identity of the link the network provides
/// (<see cref="HostInterfaceIdentity"/>), and a DELETE, are refused while any pod is attached: pods whose
/// <c>network-status</c> names one of the network's NADs (read fresh, only then) and links that a node agent reports
/// pods on. The refusal names up to ten pods and the total. When attachment cannot be checked, the change is refused too.
/// </summary>
internal sealed class ClusterNetworkAdmission(WebhookCaches caches, AttachedPods attachedPods, TimeSpan lookupTimeout)
{
    private static readonly ClusterNetworkValidator Validator = new();

    public async Task<AdmissionVerdict> ValidateAsync(ClusterNetwork network, ClusterNetwork? old, CancellationToken cancellationToken)
    {
        var name = network.Metadata.Name ?? "";
        var problems = Validator.Validate(name, network.Spec).Errors.Select(e => e.ErrorMessage).ToList();
        if (problems.Count == 0 && network.Spec.HostInterface is not null)
        {
            problems.AddRange(ClusterNetworkSetChecks.Conflicts([(name, network.Spec), .. caches.NetworksExcept(name)])
                .Where(c => c.First == name || c.Second == name)
                .Select(c => $"spec.{c.Path}: {c.Message}"));
        }

        if (problems.Count > 0)
        {
            return AdmissionVerdict.Deny($"ClusterNetwork {name} is invalid: {string.Join("; ", problems)}");
        }

        var changes = old?.Spec is { } before ? HostInterfaceIdentity.Changes(before, network.Spec) : [];
        if (changes.Count == 0)
        {
            return AdmissionVerdict.Allow;
        }

        var what = $"{string.Join(", ", changes)} cannot change while pods are attached to its link (only the MTU may)";
        var (attached, unknown) = await AttachedAsync(name, cancellationToken).ConfigureAwait(false);
        return unknown is not null ? AdmissionVerdict.Deny($"ClusterNetwork {name}: {what}, and {unknown}")
            : attached is not null ? AdmissionVerdict.Deny($"ClusterNetwork {name}: {what}: {attached}")
            : AdmissionVerdict.Allow;
    }

    public async Task<AdmissionVerdict> ValidateDeleteAsync(string name, CancellationToken cancellationToken)
    {
        var (attached, unknown) = await AttachedAsync(name, cancellationToken).ConfigureAwait(false);
        return unknown is not null ? AdmissionVerdict.Deny($"ClusterNetwork {name} cannot be deleted while pods are attached, and {unknown}")
            : attached is not null ? AdmissionVerdict.Deny($"ClusterNetwork {name} cannot be deleted while pods are attached: {attached}; delete those pods first")
            : AdmissionVerdict.Allow;
    }

    /// <summary>
    /// What is attached to the network's NADs and links, as the refusal states it (null when nothing is), or why that
    /// cannot be told (the pod LIST failed or took longer than the lookup timeout).
    /// </summary>
    private async Task<(string? Attached, string? Unknown)> AttachedAsync(string name, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> pods;
        using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            bounded.CancelAfter(lookupTimeout);
            try
            {
                pods = await attachedPods.FindAsync(name, caches.NadNamespacesOf(name), bounded.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return (null, $"whether any are could not be checked ({Reason(ex)}); retry");
            }
        }

        var links = caches.AttachedLinksOf(name).ToList();
        if (pods.Count == 0 && links.Count == 0)
        {
            return (null, null);
        }

        var parts = new List<string>();
        if (pods.Count > 0)
        {
            parts.Add($"{pods.Count} pod{(pods.Count == 1 ? "" : "s")} ({ClusterNetworkReconciler.Listing(pods)})");
        }

        if (links.Count > 0)
        {
            parts.Add(string.Join(", ", links.Take(10).Select(l => $"node {l.Node} reports {l.Pods} pod{(l.Pods == 1 ? "" : "s")} on {l.Link}")));
        }

        return (string.Join("; ", parts), null);
    }

    private string Reason(Exception ex) => ex switch
    {
        OperationCanceledException => $"listing the pods of its NADs' namespaces took longer than {lookupTimeout.TotalSeconds:0.#} s",
        HttpOperationException http => $"listing pods answered {(int)http.Response.StatusCode} {http.Response.ReasonPhrase}",
        _ => "listing pods failed: " + ex.Message,
    };
}
