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
internal sealed class ClusterNetworkAdmission(WebhookCaches caches, AttachedPods attachedPods, TimeSpan lookupTimeout, bool denyVlanClash)
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

        var warnings = new List<string>();
        if (problems.Count == 0)
        {
            LinkClashChecks(name, network.Spec, problems, warnings);
        }

        if (problems.Count > 0)
        {
            return AdmissionVerdict.Deny($"ClusterNetwork {name} is invalid: {string.Join("; ", problems)}");
        }

        var changes = old?.Spec is { } before ? HostInterfaceIdentity.Changes(before, network.Spec) : [];
        if (changes.Count == 0)
        {
            return AdmissionVerdict.AllowWithWarnings(warnings);
        }

        var what = $"{string.Join(", ", changes)} cannot change while pods are attached to its link (only the MTU may)";
        var (attached, unknown) = await AttachedAsync(name, cancellationToken).ConfigureAwait(false);
        return unknown is not null ? AdmissionVerdict.Deny($"ClusterNetwork {name}: {what}, and {unknown}")
            : attached is not null ? AdmissionVerdict.Deny($"ClusterNetwork {name}: {what}: {attached}")
            : AdmissionVerdict.AllowWithWarnings(warnings);
    }

    /// <summary>
    /// host-interfaces.md, section 9: a <c>type: vlan</c> network on a VLAN another network manages is refused (or warned
    /// about); a managed VLAN that vlan NADs or <c>type: vlan</c> networks also use, and a macvlan or ipvlan network on a
    /// master the other type uses, are warned about.
    /// </summary>
    private void LinkClashChecks(string name, ClusterNetworkSpec spec, List<string> problems, List<string> warnings)
    {
        if (LinkUses.FromNetwork(spec) is { } use)
        {
            var owners = use.VlanId is { } id ? LinkClashes.ManagedVlanOwners(caches.NetworksExcept(name), use.Master, id) : [];
            if (owners.Count > 0)
            {
                (denyVlanClash ? problems : warnings).Add(LinkClashes.VlanClash(use, owners));
            }

            warnings.AddRange(LinkClashes.ParentTypeMix(use, caches.NetworkLinkUsesExcept(name).Concat(caches.NadLinkUses(use.Master))));
        }

        if (spec.HostInterface?.Vlan is { } vlan)
        {
            var users = caches.NadLinkUses(vlan.Parent).Concat(caches.NetworkLinkUsesExcept(name))
                .Where(u => u.Use.Type == ClusterNetworkTypes.Vlan && u.Use.Master == vlan.Parent && u.Use.VlanId == vlan.Id)
                .Select(u => u.Who).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (users.Count > 0)
            {
                warnings.Add($"spec.hostInterface.vlan: {string.Join(", ", users.Take(5))}{(users.Count > 5 ? $" and {users.Count - 5} more" : "")} " +
                    $"use{(users.Count == 1 ? "s" : "")} the vlan plugin on {vlan.Parent} VLAN {vlan.Id}: the kernel allows one VLAN device per parent and ID, so their pods and this network's link clash on every node both are used on");
            }
        }
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
