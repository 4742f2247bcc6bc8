using k8s;
using Multi.Operator.NodeAgent.CniServer.Kube;

namespace Multi.Operator.Tests.CniServer.Kube;

public sealed class CacheTrimTests
{
    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"apps","uid":"u-1","resourceVersion":"7",
         "labels":{"app":"web"},"annotations":{"k8s.v1.cni.cncf.io/networks":"net1"},"managedFields":[{"manager":"kubectl"}],
         "ownerReferences":[{"uid":"o"}]},"spec":{"nodeName":"node-a","containers":[{"name":"app","image":"busybox"}]},
         "status":{"phase":"Running"}}
        """;

    [Fact]
    public void Pod_AsTheClientDecodesIt_KeepsWhatTheEngineReadsAndTheIdentity()
    {
        var decoded = KubernetesJson.Deserialize<CachedObject>(Pod);

        var trimmed = (CachedObject)CacheTrim.Pod(decoded);

        Assert.Equal(
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"apps","uid":"u-1","resourceVersion":"7","labels":{"app":"web"},"annotations":{"k8s.v1.cni.cncf.io/networks":"net1"}},"spec":{"nodeName":"node-a"}}""",
            trimmed.ToJson().ToJsonString());
        Assert.Equal(("apps", "web", "u-1", "web"), (trimmed.Metadata.NamespaceProperty, trimmed.Metadata.Name, trimmed.Metadata.Uid, trimmed.Metadata.Labels["app"]));
    }

    [Fact]
    public void Pod_WithExtendedResources_KeepsTheirRequestsAndLimitsOnly()
    {
        var decoded = KubernetesJson.Deserialize<CachedObject>("""
            {"kind":"Pod","metadata":{"name":"vf","namespace":"apps"},"spec":{"nodeName":"node-a",
             "initContainers":[{"name":"init","resources":{"limits":{"cpu":"1"}}}],
             "containers":[{"name":"a","image":"x","resources":{"requests":{"cpu":"1","intel.com/sriov":"1"},"limits":{"memory":"1Gi","intel.com/sriov":"1"}}},
                           {"name":"b","image":"y"},
                           {"name":"c","resources":{"limits":{"example.com/vf":"2"}}}]}}
            """);

        var trimmed = (CachedObject)CacheTrim.Pod(decoded);

        Assert.Equal(
            """{"nodeName":"node-a","containers":[{"resources":{"requests":{"intel.com/sriov":"1"},"limits":{"intel.com/sriov":"1"}}},{},{"resources":{"limits":{"example.com/vf":"2"}}}]}""",
            trimmed.ToJson()["spec"]!.ToJsonString());
        // What the engine reads from the daemon's cached pod: the requests that decide between codes 110 and 11.
        var requests = Multi.Cni.Pods.PodInfo.From(trimmed.ToJson()).ResourceRequests;
        Assert.Equal([("example.com/vf", 2L), ("intel.com/sriov", 1L)], requests.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void Node_KeepsIdentityAndLabelsOnly()
    {
        var decoded = KubernetesJson.Deserialize<CachedObject>("""{"kind":"Node","metadata":{"name":"node-a","labels":{"zone":"a"},"annotations":{"x":"y"}},"status":{"images":[]}}""");

        var trimmed = (CachedObject)CacheTrim.Node(decoded);

        Assert.Equal("""{"apiVersion":null,"kind":"Node","metadata":{"name":"node-a","labels":{"zone":"a"}}}""", trimmed.ToJson().ToJsonString());
    }

    [Fact]
    public void WithoutManagedFields_KeepsEverythingElse()
    {
        var decoded = KubernetesJson.Deserialize<CachedObject>("""{"metadata":{"name":"net1","namespace":"apps","managedFields":[{}]},"spec":{"config":"{}"}}""");

        var trimmed = (CachedObject)CacheTrim.WithoutManagedFields(decoded);

        Assert.Equal("""{"metadata":{"name":"net1","namespace":"apps"},"spec":{"config":"{}"}}""", trimmed.ToJson().ToJsonString());
    }
}
