using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

public sealed class ApiServerConcurrencyTests
{
    [Fact]
    public async Task Replace_ManyWritersFromSameVersion_ExactlyOneWins()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline(20);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);
        var snapshots = new List<V1Pod>();
        for (var i = 0; i < 8; i++)
            snapshots.Add(await cluster.Client.CoreV1.ReadNamespacedPodAsync("web", "default", cancellationToken: ct));

        var outcomes = await Task.WhenAll(snapshots.Select(async (pod, i) =>
        {
            pod.Metadata.Labels = new Dictionary<string, string> { ["writer"] = i.ToString(CultureInfo.InvariantCulture) };
            try
            {
                await cluster.Client.CoreV1.ReplaceNamespacedPodAsync(pod, "web", "default", cancellationToken: ct);
                return HttpStatusCode.OK;
            }
            catch (HttpOperationException error)
            {
                return error.Response.StatusCode;
            }
        }));

        Assert.Single(outcomes, o => o == HttpStatusCode.OK);
        Assert.Equal(7, outcomes.Count(o => o == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Watch_ConcurrentWriters_SeesEveryChangeInVersionOrder()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline(30);
        for (var w = 0; w < 4; w++)
            await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod($"pod-{w}"), "default", cancellationToken: ct);
        var start = (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: ct)).Metadata.ResourceVersion;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(async w =>
        {
            for (var n = 0; n < 10; n++)
            {
                var patch = new V1Patch("{\"metadata\":{\"labels\":{\"n\":\"" + n.ToString(CultureInfo.InvariantCulture) + "\"}}}", V1Patch.PatchType.MergePatch);
                await cluster.Client.CoreV1.PatchNamespacedPodAsync(patch, $"pod-{w}", "default", cancellationToken: ct);
            }
        }));
        var versions = new List<long>();
        var lastLabel = new Dictionary<string, string>();
        await foreach (var (type, pod) in cluster.Client.CoreV1.WatchListNamespacedPodAsync("default", resourceVersion: start, cancellationToken: ct))
        {
            Assert.Equal(WatchEventType.Modified, type);
            versions.Add(long.Parse(pod.Metadata.ResourceVersion, CultureInfo.InvariantCulture));
            lastLabel[pod.Metadata.Name] = pod.Metadata.Labels["n"];
            if (versions.Count == 40)
                break;
        }

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(40, versions.Distinct().Count());
        Assert.All(lastLabel.Values, v => Assert.Equal("9", v));
    }
}
