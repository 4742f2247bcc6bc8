using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

public sealed class ApiServerLeaseTests
{
    [Fact]
    public async Task Lease_TwoCandidatesRenewFromSameVersion_SecondGets409Conflict()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var lease = new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "multi-operator" },
            Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 15 },
        };
        await cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, "kube-system", cancellationToken: ct);

        var seenByA = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("multi-operator", "kube-system", cancellationToken: ct);
        var seenByB = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("multi-operator", "kube-system", cancellationToken: ct);
        seenByA.Spec.LeaseTransitions = 0;
        var renewed = await cluster.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(seenByA, "multi-operator", "kube-system", cancellationToken: ct);
        seenByB.Spec.HolderIdentity = "b";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(seenByB, "multi-operator", "kube-system", cancellationToken: ct));
        var duplicate = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, "kube-system", cancellationToken: ct));
        var stored = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("multi-operator", "kube-system", cancellationToken: ct);

        Assert.NotEqual(seenByA.Metadata.ResourceVersion, renewed.Metadata.ResourceVersion);
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("Conflict", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Reason);
        Assert.Equal("AlreadyExists", KubernetesJson.Deserialize<V1Status>(duplicate.Response.Content).Reason);
        Assert.Equal("a", stored.Spec.HolderIdentity);
        Assert.Equal(renewed.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task ClusterScopedResources_NodesAndNamespaces_CreateListAndDelete()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();

        await cluster.Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" } }, cancellationToken: ct);
        var ns = await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } }, cancellationToken: ct);
        var nodes = await cluster.Client.CoreV1.ListNodeAsync(cancellationToken: ct);
        var namespaces = await cluster.Client.CoreV1.ListNamespaceAsync(cancellationToken: ct);
        await cluster.Client.CoreV1.DeleteNodeAsync("node-1", cancellationToken: ct);
        var afterDelete = await cluster.Client.CoreV1.ListNodeAsync(cancellationToken: ct);

        Assert.Equal("node-1", Assert.Single(nodes.Items).Metadata.Name);
        Assert.Equal("Active", ns.Status.Phase);
        Assert.Equal(["default", "kube-system", "team-a"], namespaces.Items.Select(n => n.Metadata.Name));
        Assert.Empty(afterDelete.Items);
    }

    [Fact]
    public async Task Events_CreateAndListInNamespace()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "web.1" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web", NamespaceProperty = "default" },
            Reason = "AddedInterface",
            Message = "net1 from macvlan",
            Type = "Normal",
        };

        await cluster.Client.CoreV1.CreateNamespacedEventAsync(ev, "default", cancellationToken: ct);
        var events = await cluster.Client.CoreV1.ListNamespacedEventAsync("default", cancellationToken: ct);

        Assert.Equal("AddedInterface", Assert.Single(events.Items).Reason);
    }

    [Fact]
    public async Task LeaderElector_WithLeaseLock_AcquiresLeadershipAndRecordsHolder()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline(20);
        var leaseLock = new k8s.LeaderElection.ResourceLock.LeaseLock(cluster.Client, "kube-system", "multi-manager", "candidate-a");
        var config = new k8s.LeaderElection.LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1),
            RetryPeriod = TimeSpan.FromMilliseconds(100),
        };
        using var elector = new k8s.LeaderElection.LeaderElector(config);
        var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.OnStartedLeading += () => leading.TrySetResult();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var run = elector.RunUntilLeadershipLostAsync(stop.Token);
        await leading.Task.WaitAsync(ct);
        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("multi-manager", "kube-system", cancellationToken: ct);
        await stop.CancelAsync();
        var stopped = await Record.ExceptionAsync(() => run.WaitAsync(ct));

        Assert.True(stopped is null or OperationCanceledException, stopped?.ToString());
        Assert.Equal("candidate-a", lease.Spec.HolderIdentity);
    }
}
