using FluentValidation;
using Multi.Core.Ipam;

namespace Multi.Core.Validation;

/// <summary>
/// Admission rules of an IPPool spec. Strict: host bits in a CIDR are an error (with the corrected prefix suggested), every
/// address is of the pool's family (dual-stack is two pools) and inside its CIDR, and the pool must keep at least one
/// allocatable address. Property names are the CRD's JSON paths; messages name the field and quote the value.
/// </summary>
public sealed class IpPoolSpecValidator : AbstractValidator<IpPoolSpec>
{
    public IpPoolSpecValidator()
    {
        RuleFor(s => s.Cidr).Custom((cidr, ctx) =>
        {
            if (!IpPoolSpecChecks.TryCidr(cidr, out _, out var error))
            {
                ctx.AddFailure("cidr", error);
            }
        });
        RuleFor(s => s).Custom(CheckAddresses).When(s => IpCidr.TryParse(s.Cidr, out _, out _));
        RuleFor(s => s.Dns!).SetValidator(new IpDnsSpecValidator()).OverridePropertyName("dns").When(s => s.Dns is not null);
        RuleFor(s => s.NodeSelector).Custom((selector, ctx) =>
        {
            foreach (var (key, value) in selector.Where(p => !KubeNames.IsLabelKey(p.Key) || !KubeNames.IsLabelValue(p.Value)))
            {
                ctx.AddFailure("nodeSelector", $"nodeSelector \"{key}\": \"{value}\" is not a valid label key and value");
            }
        });
    }

    private static void CheckAddresses(IpPoolSpec spec, ValidationContext<IpPoolSpec> ctx)
    {
        IpCidr.TryParse(spec.Cidr, out var cidr, out _);
        var ok = true;
        for (var i = 0; i < spec.Ranges.Count; i++)
        {
            ok &= Report(ctx, $"ranges[{i}]", IpPoolSpecChecks.TryRange(i, spec.Ranges[i], cidr!, out _, out var error), error);
        }

        for (var i = 0; i < spec.Exclude.Count; i++)
        {
            ok &= Report(ctx, $"exclude[{i}]", IpPoolSpecChecks.TryExclusion(i, spec.Exclude[i], cidr!, out _, out var error), error);
        }

        if (!string.IsNullOrEmpty(spec.Gateway))
        {
            ok &= Report(ctx, "gateway", IpPoolSpecChecks.TryGateway(spec.Gateway, cidr!, out _, out var error), error);
        }

        for (var i = 0; i < spec.Routes.Count; i++)
        {
            CheckRoute(ctx, i, spec.Routes[i], cidr!);
        }

        if (ok && !IpPoolLayout.TryBuild(spec, out _, out var problem))
        {
            ctx.AddFailure("ranges", problem);
        }
    }

    private static void CheckRoute(ValidationContext<IpPoolSpec> ctx, int index, IpRouteSpec route, IpCidr cidr)
    {
        var field = $"routes[{index}]";
        if (!IpCidr.TryParse(route.Dst, out var dst, out var problem))
        {
            ctx.AddFailure($"{field}.dst", $"{field}.dst \"{route.Dst}\" {problem}");
        }
        else if (dst.IsV6 != cidr.IsV6)
        {
            ctx.AddFailure($"{field}.dst", $"{field}.dst \"{route.Dst}\" is not of the family of cidr {cidr} (one family per pool; dual-stack uses two pools)");
        }

        if (route.Gw is not null)
        {
            _ = Report(ctx, $"{field}.gw", IpPoolSpecChecks.TryAddress($"{field}.gw", route.Gw, cidr, out _, out var error), error);
        }
    }

    private static bool Report(ValidationContext<IpPoolSpec> ctx, string property, bool ok, string? error)
    {
        if (!ok)
        {
            ctx.AddFailure(property, error);
        }

        return ok;
    }
}
