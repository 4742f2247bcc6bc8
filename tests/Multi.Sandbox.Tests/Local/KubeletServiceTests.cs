using k8s;
using k8s.Models;
using Multi.Cni.Devices;
using Multi.Sandbox.Local;
using Multi.Testing;

namespace Multi.Sandbox.Tests.Local;

/// <summary>
/// The sandbox's kubelet served over its Unix socket (<see cref="KubeletServeCommand.Build"/>) against the embedded API
/// server, asked with multi's own PodResources client, as multi asks it on ADD.
/// </summary>
public sealed class KubeletServiceTests
{
    private const string Resource = "example.com/vf";

    [Fact]
    public async Task Get_PodsOfTheNode_AnswersTheirAllocatedDevicesAndFreesThoseOfDeletedPods()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var dir = new TempDir();
        var socket = dir["kubelet.sock"];
        await using var app = KubeletServeCommand.Build(socket, cluster.Client, "n1", Resource, ["d0", "d1", "d2"]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var pods = new Dictionary<string, string>();
        foreach (var (name, node, units) in new[] { ("vf-a", "n1", 1), ("vf-b", "n1", 2), ("plain", "n1", 0), ("elsewhere", "n2", 1) })
        {
            pods[name] = await CreateAsync(cluster.Client, name, node, units);
        }

        Assert.Equal(
            ["vf-a: d0", "vf-b: d1,d2", "plain: ", "elsewhere: not on the node"],
            await Task.WhenAll(pods.Keys.Select(async p => $"{p}: {await DevicesAsync(socket, p, pods[p])}")));

        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("vf-a", "default", cancellationToken: TestContext.Current.CancellationToken);
        var later = await CreateAsync(cluster.Client, "vf-c", "n1", 1);

        Assert.Equal("d0", await DevicesAsync(socket, "vf-c", later));
        Assert.Equal("d1,d2", await DevicesAsync(socket, "vf-b", pods["vf-b"]));
        Assert.Equal("not on the node", await DevicesAsync(socket, "vf-a", pods["vf-a"]));
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Get_ApiServerGone_FailsUnavailableSoThatMultiReadsTheCheckpoint()
    {
        var cluster = await TestCluster.StartAsync();
        using var dir = new TempDir();
        var socket = dir["kubelet.sock"];
        await using var app = KubeletServeCommand.Build(socket, cluster.Client, "n1", Resource, ["d0"]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var uid = await CreateAsync(cluster.Client, "vf-a", "n1", 1);
        await cluster.Server.DisposeAsync();

        var ex = await Assert.ThrowsAsync<DeviceSourceException>(() => Source(socket).ReadAsync(new DevicePod("default", "vf-a", uid), TestContext.Current.CancellationToken));

        Assert.Contains("Unavailable", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot list the pods of node n1", ex.Message, StringComparison.Ordinal);
        await app.StopAsync(TestContext.Current.CancellationToken);
        cluster.Client.Dispose();
    }

    private static PodResourcesSource Source(string socket) => new(socket, TimeSpan.FromSeconds(10), TimeProvider.System);

    private static async Task<string> DevicesAsync(string socket, string name, string uid)
    {
        var devices = await Source(socket).ReadAsync(new DevicePod("default", name, uid), TestContext.Current.CancellationToken);
        return devices is null ? "not on the node" : string.Join(',', devices.For(Resource));
    }

    private static async Task<string> CreateAsync(Kubernetes client, string name, string node, int units)
    {
        var pod = TestCluster.Pod(name, node);
        if (units > 0)
        {
            pod.Spec.Containers[0].Resources = new V1ResourceRequirements
            {
                Limits = new Dictionary<string, ResourceQuantity> { [Resource] = new(units.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
            };
        }

        var created = await client.CoreV1.CreateNamespacedPodAsync(pod, "default", cancellationToken: TestContext.Current.CancellationToken);
        return created.Metadata.Uid;
    }
}
