using k8s.Models;
using Multi.Operator.Entities;
using Multi.Operator.Webhook.Review;

namespace Multi.Operator.Webhook;

/// <summary>
/// Routes a readable AdmissionReview request to its handler by the kind under review and the endpoint it came to.
/// Every answer of a readable review is a verdict: an unknown kind or an object that does not decode is denied with a
/// message saying so, never an exception. DELETE (but a ClusterNetwork's, refused while pods are attached), and an UPDATE that
/// leaves the judged parts as they were (a finalizer, a label, the NAD validation controller's verdict annotation), are
/// admitted unjudged.
/// </summary>
internal sealed class AdmissionDispatcher(WebhookCaches caches, ClusterNetworkAdmission networks, PodAdmission pods, PodResourceMutation mutation, bool denyVlanClash)
{
    public Task<AdmissionVerdict> ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation == "DELETE" && request.Kind is { Group: ClusterNetwork.Group, Version: ClusterNetwork.Version, Kind: ClusterNetwork.KindName })
        {
            return networks.ValidateDeleteAsync(request.Name ?? "", cancellationToken);
        }

        if (request.Operation is "DELETE" or "CONNECT" || (request.Operation == "UPDATE" && AdmissionObjects.SpecUnchanged(request.Object, request.OldObject, ResourceAnnotation(request))))
        {
            return Task.FromResult(AdmissionVerdict.Allow);
        }

        return (request.Kind?.Group, request.Kind?.Version, request.Kind?.Kind) switch
        {
            (NadResource.Group, NadResource.Version, NadResource.KindName) =>
                Decoded<NadResource>(request, NadResource.KindName, nad => NadAdmission.Validate(nad, request.Namespace, caches, denyVlanClash)),
            (IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.KindName) =>
                Decoded<IpPoolResource>(request, IpPoolResource.KindName, pool => IpPoolAdmission.Validate(pool, caches)),
            (ClusterNetwork.Group, ClusterNetwork.Version, ClusterNetwork.KindName) =>
                DecodedAsync<ClusterNetwork>(request, ClusterNetwork.KindName, network => networks.ValidateAsync(network, OldNetwork(request), cancellationToken)),
            ("", "v1", "Pod") when request.Operation == "CREATE" =>
                DecodedAsync<V1Pod>(request, "Pod", pod => pods.ValidateAsync(pod, PodNamespace(request, pod), cancellationToken)),
            ("", "v1", "Pod") => Task.FromResult(AdmissionVerdict.Allow),
            _ => Task.FromResult(Unknown(request)),
        };
    }

    public Task<AdmissionVerdict> MutatePodAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind is not { Group: "", Version: "v1", Kind: "Pod" })
        {
            return Task.FromResult(Unknown(request));
        }

        return request.Operation == "CREATE"
            ? DecodedAsync<V1Pod>(request, "Pod", pod => mutation.MutateAsync(pod, PodNamespace(request, pod), cancellationToken))
            : Task.FromResult(AdmissionVerdict.Allow);
    }

    private static Task<AdmissionVerdict> Decoded<T>(AdmissionRequest request, string kind, Func<T, AdmissionVerdict> judge)
        where T : class
    {
        var obj = AdmissionObjects.Decode<T>(request.Object, kind, out var error);
        return Task.FromResult(obj is null ? AdmissionVerdict.Deny(error!) : judge(obj));
    }

    private static Task<AdmissionVerdict> DecodedAsync<T>(AdmissionRequest request, string kind, Func<T, Task<AdmissionVerdict>> judge)
        where T : class
    {
        var obj = AdmissionObjects.Decode<T>(request.Object, kind, out var error);
        return obj is null ? Task.FromResult(AdmissionVerdict.Deny(error!)) : judge(obj);
    }

    /// <summary>The object an UPDATE replaces; null at CREATE, and when the old object does not decode (then no identity is compared).</summary>
    private static ClusterNetwork? OldNetwork(AdmissionRequest request) =>
        request.Operation == "UPDATE" ? AdmissionObjects.Decode<ClusterNetwork>(request.OldObject, ClusterNetwork.KindName, out _) : null;

    /// <summary>A NAD is also judged on its resourceName annotation; other kinds on their spec alone.</summary>
    private static string? ResourceAnnotation(AdmissionRequest request) =>
        request.Kind?.Kind == NadResource.KindName ? NadResource.ResourceNameAnnotation : null;

    private static AdmissionVerdict Unknown(AdmissionRequest request) => AdmissionVerdict.Deny(
        request.Kind is null
            ? "request.kind is missing: the webhook cannot tell what it is asked to review"
            : $"this webhook does not review {request.Kind} (it reviews NetworkAttachmentDefinitions, IPPools, ClusterNetworks and Pods)");

    /// <summary>A pod's namespace at CREATE is the request's; the object may not carry it yet.</summary>
    private static string PodNamespace(AdmissionRequest request, V1Pod pod) =>
        request.Namespace is { Length: > 0 } ns ? ns : pod.Metadata?.NamespaceProperty is { Length: > 0 } own ? own : "default";
}
