using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Sandbox.ApiServer;
using static Multi.Sandbox.Tests.ApiServer.CrdFixtures;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

public sealed class ApiServerPersistenceTests
{
    [Fact]
    public async Task Restart_OnSameDirectory_KeepsObjectsVersionsAndCrds()
    {
        var directory = Path.Combine(Path.GetTempPath(), "multi-api-persist-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new EmbeddedApiServerOptions { PersistenceDirectory = Path.Combine(directory, "store") };
        try
        {
            var ct = TestCluster.Deadline(20);
            V1Pod pod;
            JsonObject nad;
            string listVersion;
            await using (var first = await TestCluster.StartAsync(options, directory))
            {
                pod = await first.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web", "n1"), "default", cancellationToken: ct);
                await first.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("gone"), "default", cancellationToken: ct);
                await first.Client.CoreV1.DeleteNamespacedPodAsync("gone", "default", cancellationToken: ct);
                await first.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(NetworkAttachmentDefinition(), cancellationToken: ct);
                nad = Json(await first.Client.CustomObjects.CreateNamespacedCustomObjectAsync(Nad("macvlan", "{}"), NadGroup, "v1", "default", NadPlural, cancellationToken: ct));
                listVersion = (await first.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: ct)).Metadata.ResourceVersion;
            }

            await using var second = await TestCluster.StartAsync(options, directory);
            var pods = await second.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: ct);
            var nadAgain = Json(await second.Client.CustomObjects.GetNamespacedCustomObjectAsync(NadGroup, "v1", "default", NadPlural, "macvlan", ct));
            var later = await second.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("later"), "default", cancellationToken: ct);

            var restored = Assert.Single(pods.Items);
            Assert.Equal(listVersion, pods.Metadata.ResourceVersion);
            Assert.Equal(pod.Metadata.ResourceVersion, restored.Metadata.ResourceVersion);
            Assert.Equal(pod.Metadata.Uid, restored.Metadata.Uid);
            Assert.Equal("n1", restored.Spec.NodeName);
            Assert.Equal((string?)nad["metadata"]!["resourceVersion"], (string?)nadAgain["metadata"]!["resourceVersion"]);
            Assert.True(long.Parse(later.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)
                        > long.Parse(listVersion, System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_WatchFromVersionBeforeRestart_ReportsExpired410()
    {
        var directory = Path.Combine(Path.GetTempPath(), "multi-api-persist-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new EmbeddedApiServerOptions { PersistenceDirectory = Path.Combine(directory, "store") };
        try
        {
            var ct = TestCluster.Deadline(20);
            string before;
            await using (var first = await TestCluster.StartAsync(options, directory))
            {
                before = (await first.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: ct)).Metadata.ResourceVersion;
                await first.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);
            }

            await using var second = await TestCluster.StartAsync(options, directory);
            var errors = new List<Exception>();
            await foreach (var _ in second.Client.CoreV1.WatchListNamespacedPodAsync("default", resourceVersion: before, onError: errors.Add, cancellationToken: ct))
                Assert.Fail("no event expected");

            Assert.Equal(410, Assert.IsType<KubernetesException>(Assert.Single(errors)).Status.Code);
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }
}
