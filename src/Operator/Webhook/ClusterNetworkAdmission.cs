using Multi.Core.Networks;
using Multi.Core.Validation;
using Multi.Operator.Entities;

namespace Multi.Operator.Webhook;

/// <summary>
/// ClusterNetwork CREATE and UPDATE (host-interfaces.md, section 2): <see cref="ClusterNetworkValidator"/> (the rules
/// the controller reports as InvalidSpec) and, against every other network in the cache, the shared-link rule of
/// <see cref="ClusterNetworkSetChecks"/>: the same VLAN or VNI on nodes that may overlap must agree on every setting.
/// </summary>
internal static class ClusterNetworkAdmission
{
    private static readonly ClusterNetworkValidator Validator = new();

    public static AdmissionVerdict Validate(ClusterNetwork network, WebhookCaches caches)
    {
        var name = network.Metadata.Name ?? "";
        var problems = Validator.Validate(name, network.Spec).Errors.Select(e => e.ErrorMessage).ToList();
        if (problems.Count == 0 && network.Spec.HostInterface is not null)
        {
            problems.AddRange(ClusterNetworkSetChecks.Conflicts([(name, network.Spec), .. caches.NetworksExcept(name)])
                .Where(c => c.First == name || c.Second == name)
                .Select(c => $"spec.{c.Path}: {c.Message}"));
        }

        return problems.Count == 0 ? AdmissionVerdict.Allow : AdmissionVerdict.Deny($"ClusterNetwork {name} is invalid: {string.Join("; ", problems)}");
    }
}
