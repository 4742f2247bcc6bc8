using Multi.Operator.NodeAgent.CniServer.Kube;

namespace Multi.Operator.Tests.CniServer.Kube;

public sealed class CacheRouteTests
{
    [Theory]
    [InlineData("/api/v1/namespaces/apps/pods/web", "Pod", "apps", "web")]
    [InlineData("/api/v1/namespaces/apps/pods/web/status", "None", "", "")]
    [InlineData("/api/v1/namespaces/apps/pods", "None", "", "")]
    [InlineData("/api/v1/namespaces/apps/events", "Events", "apps", "")]
    [InlineData("/apis/k8s.cni.cncf.io/v1/namespaces/other/network-attachment-definitions/net%2Da", "Nad", "other", "net-a")]
    [InlineData("/apis/k8s.cni.cncf.io/v1/namespaces/other/network-attachment-definitions", "NadList", "other", "")]
    [InlineData("/apis/k8s.cni.cncf.io/v1/network-attachment-definitions", "None", "", "")]
    [InlineData("/apis/multi.dev/v1alpha1/ippools/pool-a", "Pool", "", "pool-a")]
    [InlineData("/apis/multi.dev/v1alpha1/ipallocations/pool-a-10.1.0.7", "None", "", "")]
    [InlineData("/apis/multi.dev/v1alpha1/ipallocations?labelSelector=multi.dev%2Fpool%3Dpool-a", "None", "", "")]
    [InlineData("/api/v1/nodes/node-a", "Node", "", "node-a")]
    [InlineData("/api/v1/nodes/node-a?resourceVersion=0", "None", "", "")]
    [InlineData("/api/v1/namespaces//pods/web", "None", "", "")]
    [InlineData("/api/v1/nodes/", "None", "", "")]
    public void Parse_Path_NamesTheCache(string path, string kind, string ns, string name) =>
        Assert.Equal(new CacheRoute(Enum.Parse<CacheKind>(kind), ns, name), CacheRoute.Parse(path));
}
