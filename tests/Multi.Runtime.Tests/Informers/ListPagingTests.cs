using k8s;
using k8s.Models;
using Multi.Runtime.Informers;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Runtime.Tests.Informers;

/// <summary>The informer's LIST in pages of 500, as client-go's reflector reads it, and its fall-back when a page's token expires.</summary>
public sealed class ListPagingTests
{
    [Fact]
    public async Task ListAsync_1200Objects_ThreePagesOfOneSnapshot_EveryObjectOnce()
    {
        var deadline = TestCluster.Deadline(30);
        await using var cluster = await TestCluster.StartAsync();
        await CreateConfigMapsAsync(cluster, 1200, deadline);
        var before = cluster.Server.RequestCount;

        var listed = await ListWatchers.For<V1ConfigMap>(cluster.Client, "", "v1", "configmaps").ListAsync(deadline);
        var lists = cluster.Server.Requests.Where(r => r.Sequence > before).ToList();

        Assert.Equal(1200, listed.Items.Select(c => c.Metadata.Name).Distinct().Count());
        Assert.All(listed.Items, c => Assert.Equal(("v1", "ConfigMap"), (c.ApiVersion, c.Kind)));
        Assert.Equal(3, lists.Count);
        Assert.All(lists, r => Assert.Contains("limit=500", r.Query, StringComparison.Ordinal));
        Assert.Equal(2, lists.Count(r => r.Query.Contains("continue=", StringComparison.Ordinal)));
        Assert.Equal((await cluster.Client.CoreV1.ListConfigMapForAllNamespacesAsync(limit: 1, cancellationToken: deadline)).Metadata.ResourceVersion, listed.ResourceVersion);
    }

    [Fact]
    public async Task ListAsync_ContinueTokenExpires_ListsOnceMoreWithoutPaging()
    {
        var deadline = TestCluster.Deadline(30);
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions
        {
            Faults = r => r.Query.Contains("continue=", StringComparison.Ordinal) ? ApiFault.Status(410, "Expired", "injected: the continue token has expired") : null,
        });
        await CreateConfigMapsAsync(cluster, 700, deadline);
        var before = cluster.Server.RequestCount;

        var listed = await ListWatchers.For<V1ConfigMap>(cluster.Client, "", "v1", "configmaps").ListAsync(deadline);
        var lists = cluster.Server.Requests.Where(r => r.Sequence > before).Select(r => r.Query).ToList();

        Assert.Equal(700, listed.Items.Count);
        Assert.Equal(3, lists.Count); // the first page, the expired continue, the whole list at once
        Assert.DoesNotContain("limit=", lists[^1], StringComparison.Ordinal);
    }

    private static async Task CreateConfigMapsAsync(TestCluster cluster, int count, CancellationToken ct)
    {
        for (var start = 0; start < count; start += 50)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(50, count - start)).Select(i => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
                new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"cm-{i:D4}" } }, "default", cancellationToken: ct)));
        }
    }
}
