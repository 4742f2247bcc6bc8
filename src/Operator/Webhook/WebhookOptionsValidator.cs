using System.Net;
using FluentValidation;
using Multi.Core.Ipam;

namespace Multi.Operator.Webhook;

internal sealed class WebhookOptionsValidator : AbstractValidator<WebhookOptions>
{
    public WebhookOptionsValidator()
    {
        RuleFor(o => o.Address)
            .Must(a => IPAddress.TryParse(a, out _))
            .WithMessage(o => $"Operator:Webhook:Address \"{o.Address}\" is not an IP address (0.0.0.0 listens on every IPv4 address, :: on every address)");
        RuleFor(o => o.Port)
            .InclusiveBetween(1, 65535)
            .WithMessage(o => $"Operator:Webhook:Port must be 1–65535, not {o.Port}");
        RuleFor(o => o.CertDir)
            .Must(Path.IsPathFullyQualified)
            .When(o => o.Enabled)
            .WithMessage(o => $"Operator:Webhook:CertDir \"{o.CertDir}\" must be an absolute path");
        RuleFor(o => o.CertCheckInterval)
            .InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1))
            .WithMessage(o => $"Operator:Webhook:CertCheckInterval must be 100 ms – 1 h, not {o.CertCheckInterval}");
        RuleFor(o => o.MultusNamespace)
            .Must(KubeNames.IsDns1123Label)
            .WithMessage(o => $"Operator:Webhook:MultusNamespace \"{o.MultusNamespace}\" is not a namespace name");
        RuleFor(o => o.VlanClash)
            .Must(v => v is WebhookOptions.Deny or WebhookOptions.Warn)
            .WithMessage(o => $"Operator:Webhook:VlanClash must be {WebhookOptions.Deny} or {WebhookOptions.Warn}, not \"{o.VlanClash}\"");
        RuleFor(o => o.GlobalNamespaces)
            .Must(list => list!.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).All(KubeNames.IsDns1123Label))
            .When(o => !string.IsNullOrEmpty(o.GlobalNamespaces))
            .WithMessage(o => $"Operator:Webhook:GlobalNamespaces \"{o.GlobalNamespaces}\" must be a comma list of namespace names");
    }
}
