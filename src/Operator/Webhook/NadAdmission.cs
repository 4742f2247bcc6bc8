using Multi.Core.Networks;
using Multi.Core.Validation;
using Multi.Operator.Controllers.ClusterNetworks;
using Multi.Operator.Controllers.NadValidation;
using Multi.Operator.Entities;
using Multi.Operator.Kube;

namespace Multi.Operator.Webhook;

/// <summary>
/// NAD CREATE and UPDATE (npwg-behaviour.md, sections 5 and 14; host-interfaces.md, sections 9 and 10): the validator the
/// NAD validation controller judges with, so a NAD the webhook admits is one that controller calls valid. Its notes (no
/// cniVersion, no name, a config on the node) come back as warnings. Then the clashes with host links (section 9): a
/// vlan plugin on a VLAN that a ClusterNetwork manages is refused (or, with <c>VlanClash: Warn</c>, warned about), every
/// vlan NAD is told it serves one pod per node, and a hand-written macvlan or ipvlan NAD is warned when the other type
/// uses its master (rendered NADs were judged with their ClusterNetwork).
/// </summary>
internal static class NadAdmission
{
    public static AdmissionVerdict Validate(NadResource nad, string? requestNamespace, WebhookCaches caches, bool denyVlanClash)
    {
        var definition = WebhookCaches.ToCore(nad);
        if (string.IsNullOrEmpty(definition.Namespace) && !string.IsNullOrEmpty(requestNamespace))
        {
            definition = definition with { Namespace = requestNamespace };
        }

        var verdict = NadConfigValidator.Validate(definition);
        if (!verdict.Valid)
        {
            return AdmissionVerdict.Deny($"NetworkAttachmentDefinition {definition.QualifiedName} is invalid: {NadVerdictAnnotation.Message(verdict)}");
        }

        var (clashes, warnings) = (new List<string>(), verdict.Notes.ToList());
        var rendered = nad.Metadata.Label(Ownership.NetworkLabel) is not null;
        foreach (var use in LinkUses.FromConfig(definition.Config))
        {
            if (use.Type == ClusterNetworkTypes.Vlan)
            {
                var owners = LinkClashes.ManagedVlanOwners(caches.NetworksExcept(""), use.Master, use.VlanId!.Value);
                if (owners.Count > 0)
                {
                    (denyVlanClash ? clashes : warnings).Add(LinkClashes.VlanClash(use, owners));
                }

                warnings.Add(LinkClashes.OnePodPerNode(use));
            }
            else if (!rendered)
            {
                var others = caches.NadLinkUses(use.Master, except: (definition.Namespace, definition.Name)).Concat(caches.NetworkLinkUsesExcept(""));
                warnings.AddRange(LinkClashes.ParentTypeMix(use, others));
            }
        }

        return clashes.Count > 0
            ? AdmissionVerdict.Deny($"NetworkAttachmentDefinition {definition.QualifiedName} is invalid: {string.Join("; ", clashes)}")
            : AdmissionVerdict.AllowWithWarnings(warnings);
    }
}
