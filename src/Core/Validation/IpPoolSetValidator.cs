using FluentValidation;
using Multi.Core.Ipam;

namespace Multi.Core.Validation;

/// <summary>
/// Admission rules across pools: names are unique DNS-1123 labels, each spec is valid, and no two CIDRs overlap
/// (pools sharing an address space will be an explicit opt-in later).
/// </summary>
public sealed class IpPoolSetValidator : AbstractValidator<IReadOnlyList<IpPool>>
{
    // Built once: a validator's rules are immutable after construction, and the admission webhook validates a pool per
    // review; building the rules again for every pool was work without a purpose (not measured apart).
    private static readonly IpPoolSpecValidator SpecValidator = new();

    public IpPoolSetValidator()
    {
        RuleForEach(pools => pools).Custom((pool, ctx) =>
        {
            if (!KubeNames.IsDns1123Label(pool.Name))
            {
                ctx.AddFailure(pool.Name, $"pool name \"{pool.Name}\" is not a DNS-1123 label (lower-case alphanumerics and '-', at most 63)");
            }

            foreach (var failure in SpecValidator.Validate(pool.Spec).Errors)
            {
                ctx.AddFailure($"{pool.Name}.{failure.PropertyName}", $"pool {pool.Name}: {failure.ErrorMessage}");
            }
        });
        RuleFor(pools => pools).Custom((pools, ctx) =>
        {
            foreach (var name in pools.GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                ctx.AddFailure(name, $"pool name \"{name}\" is used more than once");
            }

            foreach (var overlap in IpPoolOverlaps.Find(pools))
            {
                ctx.AddFailure($"{overlap.First}.cidr", overlap.Message);
            }
        });
    }
}
