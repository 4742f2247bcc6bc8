using k8s;
using k8s.Models;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

public sealed class ApiServerPatchTests
{
    [Fact]
    public async Task MergePatch_Labels_MergesAndNullRemoves()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var labels = new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "2" };
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web", labels: labels), "default", cancellationToken: ct);

        var patch = new V1Patch("""{"metadata":{"labels":{"drop":null,"new":"3"}}}""", V1Patch.PatchType.MergePatch);
        var patched = await cluster.Client.CoreV1.PatchNamespacedPodAsync(patch, "web", "default", cancellationToken: ct);

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["new"] = "3" }, patched.Metadata.Labels);
    }

    [Fact]
    public async Task JsonPatch_AddReplaceRemoveTest_AppliesInOrder()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var labels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web", labels: labels), "default", cancellationToken: ct);

        var patch = new V1Patch("""
            [{"op":"test","path":"/metadata/labels/a","value":"1"},
             {"op":"replace","path":"/metadata/labels/a","value":"10"},
             {"op":"remove","path":"/metadata/labels/b"},
             {"op":"add","path":"/metadata/annotations","value":{"x~y/z":"v"}},
             {"op":"copy","from":"/metadata/labels/a","path":"/metadata/labels/c"},
             {"op":"move","from":"/metadata/annotations/x~0y~1z","path":"/metadata/annotations/moved"},
             {"op":"add","path":"/spec/containers/-","value":{"name":"sidecar","image":"envoy"}}]
            """, V1Patch.PatchType.JsonPatch);
        var patched = await cluster.Client.CoreV1.PatchNamespacedPodAsync(patch, "web", "default", cancellationToken: ct);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "10", ["c"] = "10" }, patched.Metadata.Labels);
        Assert.Equal(new Dictionary<string, string> { ["moved"] = "v" }, patched.Metadata.Annotations);
        Assert.Equal(["app", "sidecar"], patched.Spec.Containers.Select(c => c.Name));
    }

    [Fact]
    public async Task JsonPatch_FailingTest_Returns422AndChangesNothing()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);

        var patch = new V1Patch("""[{"op":"test","path":"/spec/nodeName","value":"x"},{"op":"add","path":"/spec/nodeName","value":"x"}]""", V1Patch.PatchType.JsonPatch);
        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            cluster.Client.CoreV1.PatchNamespacedPodAsync(patch, "web", "default", cancellationToken: ct));

        Assert.Equal(422, (int)error.Response.StatusCode);
        var stored = await cluster.Client.CoreV1.ReadNamespacedPodAsync("web", "default", cancellationToken: ct);
        Assert.Equal(created.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task StrategicMergePatch_Containers_MergeByNameAndDeleteDirective()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var pod = TestCluster.Pod("web", labels: new Dictionary<string, string> { ["keep"] = "1" });
        pod.Spec.Containers.Add(new V1Container { Name = "old", Image = "old" });
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, "default", cancellationToken: ct);

        var patch = new V1Patch("""
            {"metadata":{"labels":{"added":"2"},"annotations":{"k":"v"}},
             "spec":{"containers":[{"name":"app","image":"busybox:2"},{"name":"old","$patch":"delete"},{"name":"new","image":"nginx"}]}}
            """, V1Patch.PatchType.StrategicMergePatch);
        var patched = await cluster.Client.CoreV1.PatchNamespacedPodAsync(patch, "web", "default", cancellationToken: ct);

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["added"] = "2" }, patched.Metadata.Labels);
        Assert.Equal("v", patched.Metadata.Annotations["k"]);
        Assert.Equal(["app:busybox:2", "new:nginx"], patched.Spec.Containers.Select(c => $"{c.Name}:{c.Image}"));
    }

    [Fact]
    public async Task Patch_StaleResourceVersionInPatch_Returns409Conflict()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);
        var bump = new V1Patch("""{"metadata":{"labels":{"a":"1"}}}""", V1Patch.PatchType.MergePatch);
        await cluster.Client.CoreV1.PatchNamespacedPodAsync(bump, "web", "default", cancellationToken: ct);

        var body = "{\"metadata\":{\"resourceVersion\":\"" + created.Metadata.ResourceVersion + "\",\"labels\":{\"a\":\"2\"}}}";
        var stale = new V1Patch(body, V1Patch.PatchType.MergePatch);
        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            cluster.Client.CoreV1.PatchNamespacedPodAsync(stale, "web", "default", cancellationToken: ct));

        Assert.Equal(409, (int)error.Response.StatusCode);
    }
}
