using k8s;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Multi.Cni.Ipam;
using Multi.Core.Cni;
using Multi.Core.Daemon;
using Multi.Core.Ipam;
using Multi.Operator.Hosting;
using Multi.Operator.NodeAgent.CniServer;
using Multi.Operator.NodeAgent.CniServer.Kube;
using Multi.Operator.Tests.CniServer.Kube;
using Multi.Operator.Tests.Support;
using Multi.Testing;

namespace Multi.Operator.Tests.CniServer.Reservations;

/// <summary>The hosted daemon with reservations on, against the embedded API server: multi-ipam over the socket, the stock, shutdown.</summary>
public sealed class NodeReservationHostTests
{
    [Fact]
    public async Task Host_ReservationsEnabled_AddsOverTheSocketBindFromTheStock_AndStopReturnsIt()
    {
        await using var world = await NodeApiWorld.StartAsync();
        await world.PoolAsync("pool-a", "10.1.0.0/24");
        using var dir = new TempDir();
        IpamJournal.Initialize(dir["journal"]);
        var socketPath = Path.Combine(dir.Path, "run", "multi.sock");
        var ct = TestContext.Current.CancellationToken;
        using var host = Build(new()
        {
            ["Operator:Mode"] = "agent",
            ["Operator:NodeName"] = NodeApiWorld.NodeName,
            ["Operator:Kubeconfig"] = Path.Combine(world.Cluster.Directory, "kubeconfig"),
            ["Operator:Daemon:Enabled"] = "true",
            ["Operator:Daemon:SocketPath"] = socketPath,
            ["Operator:Daemon:Reservations:Enabled"] = "true",
            ["Operator:Daemon:Reservations:StockSize"] = "20",
        });

        await host.StartAsync(ct);
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(socketPath)), "the socket");
        var first = await AddAsync(socketPath, dir["journal"], "c1");
        var stocked = await Eventually.ValueAsync(() => ReservedAsync(world), r => r.Count == 20, "20 reserved claims");
        var second = await AddAsync(socketPath, dir["journal"], "c2");
        await host.StopAsync(ct);
        var left = await world.Client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>("multi.dev", "v1alpha1", "ipallocations", cancellationToken: ct);

        Assert.DoesNotContain(first, stocked.Select(Address));
        Assert.Contains(second, stocked.Select(Address));
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), left["items"]!.AsArray().Select(c => Address(c!.AsObject())).Order(StringComparer.Ordinal)); // the stock went back on stop
        Assert.All(left["items"]!.AsArray(), c => Assert.Equal(IpAllocationKinds.Dynamic, (string?)c!["spec"]!["kind"]));
    }

    private static string Address(JsonObject claim) => (string)claim["spec"]!["address"]!;

    private static async Task<List<JsonObject>> ReservedAsync(NodeApiWorld world)
    {
        var list = await world.Client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>("multi.dev", "v1alpha1", "ipallocations", cancellationToken: TestContext.Current.CancellationToken);
        return [.. list["items"]!.AsArray().Select(i => i!.AsObject()).Where(c => (string?)c["spec"]!["kind"] == IpAllocationKinds.NodeReserved)];
    }

    private static async Task<string> AddAsync(string socketPath, string journal, string container)
    {
        var config = new JsonObject
        {
            ["cniVersion"] = "1.1.0",
            ["name"] = "net1",
            ["type"] = "macvlan",
            ["ipam"] = new JsonObject { ["type"] = "multi-ipam", ["pool"] = "pool-a", ["journalDir"] = journal, ["kubeconfig"] = "/ignored/by/the/daemon" },
        };
        var env = new CniEnvironment("ADD", container, "/var/run/netns/p", "net1", $"IgnoreUnknown=1;K8S_POD_NAMESPACE=apps;K8S_POD_NAME=pod-{container};K8S_POD_UID=uid-{container}", "/opt/cni/bin");
        var answer = await DaemonClient.SendAsync(socketPath, new DaemonRequest(DaemonPlugin.MultiIpam, env, Encoding.UTF8.GetBytes(config.ToJsonString())));
        var stdout = Encoding.UTF8.GetString(answer.Stdout);
        Assert.True((answer.Status, answer.ExitCode) == (DaemonStatus.Answered, 0), stdout);
        return JsonNode.Parse(stdout)!["ips"]![0]!["address"]!.GetValue<string>().Split('/')[0];
    }

    /// <summary>The agent's daemon registration with the real node access.</summary>
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOptions<OperatorOptions>().Bind(builder.Configuration.GetSection(OperatorOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddLogging();
        builder.Services.AddCniDaemon(builder.Configuration);
        builder.Services.AddNodeApiAccess();
        return builder.Build();
    }
}
