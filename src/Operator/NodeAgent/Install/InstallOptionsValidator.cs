using FluentValidation;
using Multi.Core.Ipam;

namespace Multi.Operator.NodeAgent.Install;

internal sealed class InstallOptionsValidator : AbstractValidator<InstallOptions>
{
    public InstallOptionsValidator()
    {
        Absolute(o => o.SourceDir, nameof(InstallOptions.SourceDir));
        Absolute(o => o.CniBinDir, nameof(InstallOptions.CniBinDir));
        Absolute(o => o.CniConfDir, nameof(InstallOptions.CniConfDir));
        Absolute(o => o.TokenDir, nameof(InstallOptions.TokenDir));
        Absolute(o => o.ServiceAccountDir, nameof(InstallOptions.ServiceAccountDir));
        Absolute(o => o.Kubeconfig, nameof(InstallOptions.Kubeconfig)).When(o => !string.IsNullOrEmpty(o.Kubeconfig));
        Absolute(o => o.ReadinessIndicatorFile, nameof(InstallOptions.ReadinessIndicatorFile)).When(o => !string.IsNullOrEmpty(o.ReadinessIndicatorFile));
        RuleFor(o => o.ApiServer)
            .Must(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) && uri.Scheme == "https")
            .When(o => !string.IsNullOrEmpty(o.ApiServer))
            .WithMessage(o => $"Operator:Install:ApiServer \"{o.ApiServer}\" must be an https URL");
        RuleForEach(o => o.SkipFiles)
            .Must(f => !string.IsNullOrEmpty(f) && f == Path.GetFileName(f))
            .WithMessage((_, f) => $"Operator:Install:SkipFiles entry \"{f}\" must be a file name in the conf dir, not a path");
        RuleFor(o => o.RescanInterval)
            .InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10))
            .WithMessage(o => $"Operator:Install:RescanInterval must be between 1 second and 10 minutes, not {o.RescanInterval}");
        RuleFor(o => o.DaemonSetName)
            .Must(KubeNames.IsDns1123Subdomain)
            .WithMessage(o => $"Operator:Install:DaemonSetName \"{o.DaemonSetName}\" is not a valid object name");
        RuleFor(o => o.DaemonSetNamespace)
            .Must(KubeNames.IsDns1123Label)
            .WithMessage(o => $"Operator:Install:DaemonSetNamespace \"{o.DaemonSetNamespace}\" is not a valid namespace name");
    }

    private IRuleBuilderOptions<InstallOptions, string?> Absolute(System.Linq.Expressions.Expression<Func<InstallOptions, string?>> path, string name) =>
        RuleFor(path)
            .Must(p => !string.IsNullOrEmpty(p) && Path.IsPathFullyQualified(p) && !p.Contains('\0', StringComparison.Ordinal))
            .WithMessage(o => $"Operator:Install:{name} must be an absolute path");
}
