using FluentValidation;
using Multi.Core.Annotations;
using Multi.Core.Ipam;

namespace Multi.Core.Validation;

/// <summary>The <c>dns</c> block of a pool: nameservers are addresses (either family), domain and search are DNS names.</summary>
public sealed class IpDnsSpecValidator : AbstractValidator<IpDnsSpec>
{
    public IpDnsSpecValidator()
    {
        RuleForEach(d => d.Nameservers)
            .Must(n => IpText.TryParseAddress(n, out var a) && !a.IsIPv4MappedToIPv6)
            .OverridePropertyName("nameservers")
            .WithMessage((_, n) => $"dns.nameservers \"{n}\" is not an IP address");
        RuleFor(d => d.Domain)
            .Must(IsDnsName!)
            .When(d => d.Domain is not null)
            .OverridePropertyName("domain")
            .WithMessage(d => $"dns.domain \"{d.Domain}\" is not a DNS name");
        RuleForEach(d => d.Search)
            .Must(IsDnsName)
            .OverridePropertyName("search")
            .WithMessage((_, s) => $"dns.search \"{s}\" is not a DNS name");
        RuleForEach(d => d.Options)
            .Must(o => o.Length is > 0 and <= 255 && !o.Any(char.IsWhiteSpace))
            .OverridePropertyName("options")
            .WithMessage((_, o) => $"dns.options \"{o}\" must be a non-empty resolver option without spaces (e.g. ndots:5)");
    }

    /// <summary>Labels of 1–63 letters, digits or '-' (not at either end), at most 253 characters, optional final dot.</summary>
    internal static bool IsDnsName(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        return trimmed.Length is > 0 and <= 253 && trimmed.Split('.').All(l =>
            l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-' && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }
}
