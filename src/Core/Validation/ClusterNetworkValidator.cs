using FluentValidation;
using FluentValidation.Results;
using Multi.Core.Ipam;
using Multi.Core.Networks;

namespace Multi.Core.Validation;

/// <summary>
/// A whole ClusterNetwork: the object name (a DNS-1123 subdomain; a DNS-1123 label when ipam.pool is inline, because the
/// IPPool is named after the network) and the spec (<see cref="ClusterNetworkSpecValidator"/>, paths prefixed <c>spec.</c>).
/// </summary>
public sealed class ClusterNetworkValidator : AbstractValidator<(string Name, ClusterNetworkSpec Spec)>
{
    public ClusterNetworkValidator()
    {
        RuleFor(n => n).Custom((network, ctx) =>
        {
            var (name, spec) = network;
            if (!KubeNames.IsDns1123Subdomain(name))
            {
                ctx.AddFailure("metadata.name", $"metadata.name \"{name}\" is not a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', at most 253)");
            }
            else if (spec?.Ipam?.Pool is not null && !KubeNames.IsDns1123Label(name))
            {
                ctx.AddFailure("metadata.name", $"metadata.name \"{name}\" must be a DNS-1123 label (at most 63, no '.') with an inline ipam.pool: the IPPool is named after the network");
            }

            if (spec is null)
            {
                ctx.AddFailure("spec", "spec is required");
                return;
            }

            foreach (var problem in ClusterNetworkSpecValidator.Problems(spec))
            {
                ctx.AddFailure($"spec.{problem.Path}", problem.Message);
            }
        });
    }

    public ValidationResult Validate(string name, ClusterNetworkSpec spec) => Validate((name, spec));
}
