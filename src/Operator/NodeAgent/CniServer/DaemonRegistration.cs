using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Multi.Operator.Hosting;
using Prometheus;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>
/// Agent mode's CNI daemon services. The daemon needs an <see cref="INodeApiAccess"/> registered next to it (the node's informer
/// caches); the registry is a singleton so that the access can publish its own series in the same <c>/metrics</c>.
/// </summary>
internal static class DaemonRegistration
{
    /// <summary>Time for the host's own work after the daemon's <see cref="DaemonOptions.ShutdownTimeout"/>.</summary>
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(10);

    public static void AddCniDaemon(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DaemonOptions.Section);
        services.AddSingleton<IValidator<DaemonOptions>, DaemonOptionsValidator>();
        services.AddSingleton<IValidateOptions<DaemonOptions>, FluentOptionsValidation<DaemonOptions>>();
        services.AddOptions<DaemonOptions>().Bind(section).ValidateOnStart();
        if (!section.GetValue<bool>(nameof(DaemonOptions.Enabled)))
        {
            return;
        }

        services.AddSingleton(_ => Metrics.NewCustomRegistry());
        services.AddSingleton<DaemonMetrics>();
        services.AddHostedService<CniDaemonService>();
        var shutdown = section.GetValue<TimeSpan?>(nameof(DaemonOptions.ShutdownTimeout)) ?? new DaemonOptions().ShutdownTimeout;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdown + ShutdownMargin);
    }
}
