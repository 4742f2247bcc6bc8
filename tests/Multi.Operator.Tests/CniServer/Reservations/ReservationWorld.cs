using k8s;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Multi.Cni;
using Multi.Cni.Ipam;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Ipam;
using Multi.Operator.Controllers.IpPools;
using Multi.Operator.NodeAgent.CniServer.Kube;
using Multi.Operator.NodeAgent.CniServer.Reservations;
using Multi.Operator.Tests.CniServer.Kube;
using Multi.Testing;

namespace Multi.Operator.Tests.CniServer.Reservations;

/// <summary>
/// <see cref="NodeApiWorld"/> (the embedded API server, node <c>node-a</c>, the daemon's real access over HTTP) with pool
/// <c>pool-a</c>, a node journal, and the daemon's <see cref="NodeReservations"/> on a fake clock (the idle timer moves only when
/// a test advances it); multi-ipam runs in-process through the daemon's access, as the daemon runs it.
/// </summary>
internal sealed class ReservationWorld : IAsyncDisposable
{
    public const string Pool = "pool-a";
    public const string ClaimsPath = "/apis/multi.dev/v1alpha1/ipallocations";

    private readonly TempDir journal = new();
    private CancellationTokenSource? stop;
    private Task running = Task.CompletedTask;

    private ReservationWorld(NodeApiWorld api, NodeApiAccess access, string cidr)
    {
        Cidr = cidr;
        Api = api;
        Access = access;
        IpamJournal.Initialize(journal.Path);
    }

    public NodeApiWorld Api { get; }

    public string Cidr { get; }

    public NodeApiAccess Access { get; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public NodeReservationOptions Options { get; } = new() { Enabled = true, StockSize = 16, IdleTimeout = TimeSpan.FromMinutes(10) };

    public NodeReservations? Reservations { get; private set; }

    public static async Task<ReservationWorld> StartAsync(string cidr = "10.1.0.0/24")
    {
        var api = await NodeApiWorld.StartAsync();
        await api.PoolAsync(Pool, cidr);
        return new ReservationWorld(api, await api.StartAccessAsync(), cidr);
    }

    /// <summary>A new <see cref="NodeReservations"/> (as a daemon start makes one), its loop running.</summary>
    public NodeReservations Run()
    {
        var store = new IpamStore(Access.Factory.Create("", CniCommand.Add));
        Reservations = new NodeReservations(Options, store, NodeApiWorld.NodeName, Clock, new Random(7), new ReservationMetrics(Api.Metrics), NullLogger<NodeReservations>.Instance);
        stop = new CancellationTokenSource();
        running = Reservations.RunAsync(stop.Token);
        return Reservations;
    }

    /// <summary>Stops the loop as a daemon shutdown does (without returning the stock).</summary>
    public async Task StopAsync()
    {
        if (stop is not null)
        {
            await stop.CancelAsync();
            await running;
            stop.Dispose();
            stop = null;
        }
    }

    /// <summary>One multi-ipam request for container <paramref name="container"/> (interface net1), through the daemon's access and stock.</summary>
    public async Task<PluginOutcome> IpamAsync(string command, string container)
    {
        var config = new JsonObject
        {
            ["cniVersion"] = "1.1.0",
            ["name"] = "net1",
            ["type"] = "macvlan",
            ["ipam"] = new JsonObject { ["type"] = "multi-ipam", ["pool"] = Pool, ["journalDir"] = journal.Path, ["kubeconfig"] = "/ignored/by/the/daemon" },
        };
        var env = new CniEnvironment(command, container, command == "ADD" ? "/var/run/netns/p" : null, "net1", $"IgnoreUnknown=1;K8S_POD_NAMESPACE=apps;K8S_POD_NAME=pod-{container};K8S_POD_UID=uid-{container}", "/opt/cni/bin");
        var plugin = new IpamPlugin(Access.Factory, TimeProvider.System, new Random(container.GetHashCode(StringComparison.Ordinal)), NodeApiWorld.NodeName, TextWriter.Null, reservations: Reservations);
        return await plugin.RunAsync(env, Encoding.UTF8.GetBytes(config.ToJsonString()), NodeApiWorld.Ct);
    }

    public async Task<string> AddAsync(string container)
    {
        var outcome = await IpamAsync("ADD", container);
        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        return JsonNode.Parse(outcome.Stdout)!["ips"]![0]!["address"]!.GetValue<string>().Split('/')[0];
    }

    /// <summary>Every claim on the server, read fresh.</summary>
    public async Task<List<JsonObject>> ClaimsAsync()
    {
        var list = await Api.Client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>("multi.dev", "v1alpha1", "ipallocations", cancellationToken: NodeApiWorld.Ct);
        return [.. list["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    public async Task<List<JsonObject>> ReservedAsync() =>
        [.. (await ClaimsAsync()).Where(c => (string?)c["spec"]!["kind"] == IpAllocationKinds.NodeReserved)];

    /// <summary>The pool's usage as the manager's status controller derives it from the claims on the server.</summary>
    public async Task<IpPoolUsage> UsageAsync()
    {
        var specs = (await ClaimsAsync()).Select(c => IpAllocationJson.Parse(c)!).Select(c => new IpAllocationSpec(c.Pool, IpText.Canonical(c.Address), c.Owner, c.Kind));
        return IpPoolUsage.Derive(new IpPool(Pool, new IpPoolSpec { Cidr = Cidr }), specs, []);
    }

    /// <summary>Waits until the server holds <paramref name="count"/> reserved claims and the stock as many.</summary>
    public Task StockAsync(int count) =>
        Support.Eventually.TrueAsync(
            async () => (await ReservedAsync()).Count == count && Reservations!.Count(Pool) == count,
            $"{count} reserved claims on the server and in stock",
            seconds: 15);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Api.DisposeAsync();
        journal.Dispose();
    }
}
