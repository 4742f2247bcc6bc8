using FluentValidation;
using Multi.Core.Annotations;
using Multi.Core.Ipam;

namespace Multi.Core.Validation;

/// <summary>
/// Admission rules of an IPAllocation spec. Every owner field is required: release decisions match on pod UID + container ID
/// + interface (ipam-requirements.md 7.3), node-scoped GC needs the node, and namespace/name are what operators read.
/// The address must be in canonical text so that equal addresses are equal strings; the kind, when present, is one of
/// <see cref="IpAllocationKinds"/>. A node-reserved claim belongs to its node: only the owner's node is set.
/// </summary>
public sealed class IpAllocationValidator : AbstractValidator<IpAllocationSpec>
{
    public IpAllocationValidator()
    {
        RuleFor(a => a.Pool).Must(KubeNames.IsDns1123Label).OverridePropertyName("pool").WithMessage(a => $"pool \"{a.Pool}\" is not a DNS-1123 label (lower-case alphanumerics and '-', at most 63)");
        RuleFor(a => a.Address).Custom((address, ctx) =>
        {
            if (address is null || !IpText.TryParseAddress(address, out var ip) || ip.IsIPv4MappedToIPv6)
            {
                ctx.AddFailure("address", $"address \"{address}\" is not an IP address");
            }
            else if (IpText.Canonical(ip) != address)
            {
                ctx.AddFailure("address", $"address \"{address}\" is not canonical; write {IpText.Canonical(ip)}");
            }
        });
        RuleFor(a => a.Kind).Must(k => k is null || IpAllocationKinds.All.Contains(k)).OverridePropertyName("kind")
            .WithMessage(a => $"kind \"{a.Kind}\" is not one of {string.Join(", ", IpAllocationKinds.All)}");
        RuleFor(a => a.Owner).NotNull().OverridePropertyName("owner").WithMessage("owner is required");
        RuleFor(a => a.Owner).SetValidator(new IpAllocationOwnerValidator()).OverridePropertyName("owner").When(a => a.Owner is not null && !IsReserved(a));
        RuleFor(a => a.Owner.Node).Must(KubeNames.IsDns1123Subdomain).OverridePropertyName("owner.node").When(a => a.Owner is not null && IsReserved(a))
            .WithMessage(a => $"owner.node \"{a.Owner.Node}\" is not a DNS-1123 subdomain");
        RuleFor(a => a.Owner).Must(o => o.PodNamespace.Length == 0 && o.PodName.Length == 0 && o.PodUid.Length == 0 && o.ContainerId.Length == 0 && o.Interface.Length == 0)
            .OverridePropertyName("owner").When(a => a.Owner is not null && IsReserved(a))
            .WithMessage("a node-reserved claim belongs to its node alone: owner.podNamespace, podName, podUid, containerId and interface must be empty");
    }

    private static bool IsReserved(IpAllocationSpec spec) => spec.Kind == IpAllocationKinds.NodeReserved;
}
