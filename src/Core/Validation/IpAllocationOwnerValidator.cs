using FluentValidation;
using Multi.Core.Ipam;

namespace Multi.Core.Validation;

/// <summary>The owner of a claim: Kubernetes name syntax for namespace, pod and node, a UUID, and CNI syntax for the rest.</summary>
public sealed class IpAllocationOwnerValidator : AbstractValidator<IpAllocationOwner>
{
    public IpAllocationOwnerValidator()
    {
        RuleFor(o => o.PodNamespace).Must(KubeNames.IsDns1123Label).OverridePropertyName("podNamespace").WithMessage(o => $"owner.podNamespace \"{o.PodNamespace}\" is not a DNS-1123 label");
        RuleFor(o => o.PodName).Must(KubeNames.IsDns1123Subdomain).OverridePropertyName("podName").WithMessage(o => $"owner.podName \"{o.PodName}\" is not a DNS-1123 subdomain");
        RuleFor(o => o.PodUid).Must(u => Guid.TryParseExact(u, "D", out _)).OverridePropertyName("podUid").WithMessage(o => $"owner.podUid \"{o.PodUid}\" is not a UID (8-4-4-4-12 hex digits)");
        RuleFor(o => o.ContainerId).Must(IsContainerId).OverridePropertyName("containerId").WithMessage(o => $"owner.containerId \"{o.ContainerId}\" must be non-empty alphanumerics, '_', '.' or '-'");
        RuleFor(o => o.Interface).Must(IsInterfaceName).OverridePropertyName("interface").WithMessage(o => $"owner.interface \"{o.Interface}\" is not an interface name (1-15 characters, no '/', ':' or spaces, not . or ..)");
        RuleFor(o => o.Node).Must(KubeNames.IsDns1123Subdomain).OverridePropertyName("node").WithMessage(o => $"owner.node \"{o.Node}\" is not a DNS-1123 subdomain");
    }

    /// <summary>The CNI spec's container ID: alphanumerics first, then alphanumerics, '_', '.' or '-'.</summary>
    internal static bool IsContainerId(string? id) =>
        !string.IsNullOrEmpty(id) && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    /// <summary>The CNI spec's interface name rules (Linux IFNAMSIZ).</summary>
    internal static bool IsInterfaceName(string? name) =>
        name is { Length: >= 1 and <= 15 } && name is not "." and not ".." && !name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c));
}
