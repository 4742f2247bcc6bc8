using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Multi.Operator.Hosting;
using Multi.Operator.NodeAgent.CniServer;
using Multi.Operator.NodeAgent.CniServer.Kube;
using Prometheus;

namespace Multi.Operator.Tests.CniServer.Kube;

public sealed class NodeApiAccessRegistrationTests
{
    [Fact]
    public async Task AddNodeApiAccess_FromTheOperatorOptions_ResolvesOneStartableAccess()
    {
        await using var world = await NodeApiWorld.StartAsync();
        var services = new ServiceCollection();
        services.AddOptions<OperatorOptions>().Configure(o => (o.NodeName, o.Kubeconfig) = (NodeApiWorld.NodeName, Path.Combine(world.Cluster.Directory, "kubeconfig")));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(world.Metrics);
        services.AddNodeApiAccess();
        await using var provider = services.BuildServiceProvider();

        var access = provider.GetRequiredService<INodeApiAccess>();
        await access.StartAsync(NodeApiWorld.Ct);

        Assert.Same(access, provider.GetRequiredService<INodeApiAccess>());
        Assert.Null(access.NotReady);
        Assert.Equal(0, await world.MetricAsync("multi_daemon_events_sent_total"));
    }
}
