using FluentValidation;

namespace Multi.Operator.NodeAgent.HostLinks;

internal sealed class HostInterfaceOptionsValidator : AbstractValidator<HostInterfaceOptions>
{
    public HostInterfaceOptionsValidator()
    {
        RuleFor(o => o.ResyncPeriod)
            .Must(t => t >= TimeSpan.FromSeconds(1) && t <= TimeSpan.FromHours(24))
            .WithMessage(o => $"Operator:HostInterfaces:ResyncPeriod must be between 1 second and 24 hours, not {o.ResyncPeriod}");
        RuleFor(o => o.NetnsPath)
            .Must(p => !p!.Contains('\0', StringComparison.Ordinal) && (p.Contains('/', StringComparison.Ordinal) ? Path.IsPathFullyQualified(p) : p is not ("." or "..")))
            .When(o => !string.IsNullOrEmpty(o.NetnsPath))
            .WithMessage(o => $"Operator:HostInterfaces:NetnsPath \"{o.NetnsPath}\" must be an absolute path or the name of a namespace under /var/run/netns");
        RuleFor(o => o.ResolvedNetnsPath)
            .Must(File.Exists)
            .When(o => !string.IsNullOrEmpty(o.NetnsPath) && o.Enabled)
            .WithMessage(o => $"Operator:HostInterfaces:NetnsPath \"{o.NetnsPath}\" does not exist ({o.ResolvedNetnsPath})");
    }
}
