using FluentValidation;
using Multi.Operator.Webhook;

namespace Multi.Operator.Hosting;

internal sealed class OperatorOptionsValidator : AbstractValidator<OperatorOptions>
{
    public OperatorOptionsValidator()
    {
        RuleFor(o => o.Mode)
            .Must(m => m is "manager" or "agent")
            .WithMessage(o => $"Operator:Mode must be \"manager\" or \"agent\", not \"{o.Mode}\"");
        RuleFor(o => o.Mode)
            .Must(OperatorModes.Supports)
            .WithMessage(o => $"Operator:Mode \"{o.Mode}\" is not in this executable: it was published for {(OperatorModes.ManagerSupported ? "manager" : "agent")} mode only (the image has one executable per mode)");
        RuleFor(o => o.NodeName)
            .NotEmpty()
            .When(o => o.Mode == "agent")
            .WithMessage("Operator:NodeName is required in agent mode");
        RuleFor(o => o.Workers)
            .InclusiveBetween(1, 64)
            .WithMessage(o => $"Operator:Workers must be 1–64, not {o.Workers}");
        RuleFor(o => o.LeaseName)
            .Must(Multi.Core.Ipam.KubeNames.IsDns1123Subdomain)
            .When(o => o.LeaderElection)
            .WithMessage(o => $"Operator:LeaseName \"{o.LeaseName}\" is not a valid object name");
        RuleFor(o => o.LeaseNamespace)
            .Must(Multi.Core.Ipam.KubeNames.IsDns1123Label)
            .When(o => o.LeaderElection)
            .WithMessage(o => $"Operator:LeaseNamespace \"{o.LeaseNamespace}\" is not a valid namespace name");
        RuleFor(o => o.ProbeAddress)
            .Must(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) && uri.Scheme == "http")
            .When(o => !string.IsNullOrEmpty(o.ProbeAddress))
            .WithMessage(o => $"Operator:ProbeAddress \"{o.ProbeAddress}\" must be an http URL such as http://0.0.0.0:8081");
        RuleFor(o => o.ReclaimGrace)
            .GreaterThanOrEqualTo(TimeSpan.FromSeconds(1))
            .WithMessage(o => $"Operator:ReclaimGrace must be at least 1 second (a claim younger than it is never released), not {o.ReclaimGrace}");
        RuleFor(o => o.AuditInterval)
            .GreaterThanOrEqualTo(TimeSpan.FromSeconds(1))
            .WithMessage(o => $"Operator:AuditInterval must be at least 1 second, not {o.AuditInterval}");
        RuleFor(o => o.IpamDaemonSocket)
            .Must(s => s.StartsWith('/') && Multi.Core.Cni.InputLimits.PathError(s) is null)
            .When(o => !string.IsNullOrEmpty(o.IpamDaemonSocket))
            .WithMessage(o => $"Operator:IpamDaemonSocket \"{o.IpamDaemonSocket}\" must be an absolute path (multi-ipam refuses another)");
        RuleFor(o => o.Kubeconfig)
            .Must(File.Exists)
            .When(o => !string.IsNullOrEmpty(o.Kubeconfig))
            .WithMessage(o => $"Operator:Kubeconfig \"{o.Kubeconfig}\" does not exist");
        RuleFor(o => o.Webhook).SetValidator(new WebhookOptionsValidator()).When(o => o.Mode == "manager");
    }
}
