using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Operator.Entities;

namespace Multi.Bench.Operator;

internal static class Phases
{
    /// <summary>Creates networks × namespaces NAD objects shaped like rendered ones, <paramref name="concurrency"/> in flight.</summary>
    public static async Task<TimeSpan> RawCreatesAsync(IKubernetes client, string[] namespaces, int networks, int concurrency)
    {
        var items = Enumerable.Range(0, networks).SelectMany(i => namespaces.Select(ns => (ns, Name: $"raw-{i}"))).ToList();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (item, ct) =>
        {
            var nad = new NadResource
            {
                Metadata = new V1ObjectMeta
                {
                    Name = item.Name,
                    NamespaceProperty = item.ns,
                    Labels = new Dictionary<string, string> { ["multi.dev/cluster-network"] = item.Name, ["app.kubernetes.io/managed-by"] = "multi-operator" },
                    Annotations = new Dictionary<string, string>
                    {
                        ["multi.dev/owner-uid"] = Guid.NewGuid().ToString(),
                        ["multi.dev/validation"] = """{"type":"Valid","status":"True","reason":"ConfigValid","message":"config is valid","config":"sha256:0123456789abcdef"}""",
                    },
                },
                Spec = new NadSpec { Config = Config(item.Name) },
            };
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(nad, NadResource.Group, NadResource.Version, item.ns, NadResource.Plural, cancellationToken: ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return watch.Elapsed;
    }

    public static async Task DeleteRawAsync(IKubernetes client, string[] namespaces)
    {
        foreach (var ns in namespaces)
        {
            await client.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync(NadResource.Group, NadResource.Version, ns, NadResource.Plural).ConfigureAwait(false);
        }
    }

    /// <summary>Creates the networks 16 at a time and waits until every NAD exists and every network is Ready.</summary>
    public static async Task<TimeSpan> ConvergeAsync(IKubernetes client, ConvergenceWatcher watcher, string[] namespaces, int networks)
    {
        var converged = watcher.ConvergedAsync(networks * namespaces.Length, networks);
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, networks), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var spec = new JsonObject
            {
                ["type"] = "macvlan",
                ["master"] = "eth1",
                ["mode"] = "bridge",
                ["ipam"] = new JsonObject { ["raw"] = new JsonObject { ["type"] = "host-local", ["subnet"] = $"10.{i / 250}.{i % 250}.0/24" } },
                ["namespaces"] = new JsonArray([.. namespaces.Select(n => (JsonNode?)JsonValue.Create(n))]),
            };
            var body = new JsonObject { ["apiVersion"] = ClusterNetwork.GroupVersion, ["kind"] = ClusterNetwork.KindName, ["metadata"] = new JsonObject { ["name"] = $"net-{i}" }, ["spec"] = spec };
            await client.CustomObjects.CreateClusterCustomObjectAsync(body, ClusterNetwork.Group, ClusterNetwork.Version, ClusterNetwork.Plural, cancellationToken: ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        await converged.WaitAsync(TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        return watch.Elapsed;
    }

    /// <summary>One change at a time: a network's MTU, timed until all its NADs carry it.</summary>
    public static async Task<List<double>> ChangeLatenciesAsync(IKubernetes client, ConvergenceWatcher watcher, int networks, int namespaces, int changes)
    {
        var latencies = new List<double>();
        for (var k = 0; k < changes; k++)
        {
            var network = $"net-{k * 7919 % networks}";
            var mtu = 1300 + k;
            var seen = watcher.AllContainAsync(network, $"\"mtu\":{mtu}", namespaces);
            var watch = Stopwatch.StartNew();
            await client.CustomObjects.PatchClusterCustomObjectAsync(
                new V1Patch($"{{\"spec\":{{\"mtu\":{mtu}}}}}", V1Patch.PatchType.MergePatch), ClusterNetwork.Group, ClusterNetwork.Version, ClusterNetwork.Plural, network).ConfigureAwait(false);
            await seen.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            await Task.Delay(20).ConfigureAwait(false);
        }

        return latencies;
    }

    public static async Task WaitReadyAsync(int port, OperatorProcess op)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (op.HasExited)
            {
                throw new InvalidOperationException("the operator exited before it was ready");
            }

            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz")).ConfigureAwait(false)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException("the operator was not ready within 60 s");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Config(string name) =>
        $$$"""{"cniVersion":"1.0.0","name":"{{{name}}}","type":"macvlan","master":"eth1","mode":"bridge","ipam":{"type":"host-local","subnet":"10.0.0.0/24"}}""";
}
