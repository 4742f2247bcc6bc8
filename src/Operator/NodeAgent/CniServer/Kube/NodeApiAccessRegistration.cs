using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Multi.Operator.Hosting;
using Prometheus;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>The host wiring of the daemon's Kubernetes access.</summary>
internal static class NodeApiAccessRegistration
{
    /// <summary>
    /// Registers <see cref="INodeApiAccess"/> as a singleton built from the operator's options (kubeconfig or in-cluster; the
    /// node name), the <see cref="TimeProvider"/> and the logger factory. Its metrics go to the <see cref="CollectorRegistry"/>
    /// registered in the container, else to prometheus-net's default registry.
    /// </summary>
    public static IServiceCollection AddNodeApiAccess(this IServiceCollection services)
    {
        services.AddSingleton<INodeApiAccess>(provider => new NodeApiAccess(
            provider.GetRequiredService<IOptions<OperatorOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetService<CollectorRegistry>() ?? Metrics.DefaultRegistry));
        return services;
    }
}
