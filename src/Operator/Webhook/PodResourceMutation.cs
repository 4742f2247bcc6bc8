using k8s.Models;

namespace Multi.Operator.Webhook;

/// <summary>
/// The mutating review of pod CREATE (host-interfaces.md, section 10): each attachment (the <c>networks</c> elements and
/// the <c>default-network</c> override) whose NAD has a <c>k8s.v1.cni.cncf.io/resourceName</c> needs one device of that
/// resource, so the first container requests and is limited to as many units as the attachments using it, or keeps a
/// larger count it already asks for. Invalid annotations and missing NADs add nothing: validation reports them.
/// </summary>
internal sealed class PodResourceMutation(PodAdmission admission, INadSource nads)
{
    public async Task<AdmissionVerdict> MutateAsync(V1Pod pod, string podNamespace, CancellationToken cancellationToken)
    {
        var parsed = admission.Parse(pod, podNamespace);
        if (!parsed.IsOk || pod.Spec?.Containers is not { Count: > 0 })
        {
            return AdmissionVerdict.Allow;
        }

        var (overrideSelection, elements) = parsed.Value;
        var needed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var selection in overrideSelection is null ? elements : [overrideSelection, .. elements])
        {
            var nad = await nads.FindAsync(selection.Namespace, selection.Name, cancellationToken).ConfigureAwait(false);
            if (nad?.ResourceName is { Length: > 0 } resource)
            {
                needed[resource] = needed.GetValueOrDefault(resource) + 1;
            }
        }

        var patch = ResourcePatch.For(pod.Spec.Containers[0].Resources, needed);
        return patch is null ? AdmissionVerdict.Allow : new AdmissionVerdict(true, Patch: patch);
    }
}
