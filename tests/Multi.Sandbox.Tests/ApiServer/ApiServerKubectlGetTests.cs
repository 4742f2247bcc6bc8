using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary><c>kubectl get</c> prints the server's Table columns and finds resources by short name and category.</summary>
public sealed class ApiServerKubectlGetTests
{
    [Fact]
    public async Task KubectlGetIpPools_ShippedCrd_PrintsPrinterColumnValues()
    {
        Assert.True(Kubectl.Path is not null, Kubectl.Missing);
        await using var cluster = await TestCluster.StartAsync();
        await TableFixtures.CreateShippedPoolAsync(cluster, "blue", "10.0.0.0/24", allocated: 1);

        var rows = Kubectl.Rows(await Kubectl.OutputAsync(cluster, "get", "ippools"));
        var byShortName = await Kubectl.OutputAsync(cluster, "get", "ipp", "blue");

        Assert.Equal(["NAME", "CIDR", "CAPACITY", "ALLOCATED", "FREE", "READY", "EXHAUSTED", "AGE"], rows[0]);
        Assert.Equal(["blue", "10.0.0.0/24", "253", "1", "252", "True", "False"], rows[1][..7]);
        Assert.Contains("10.0.0.0/24", byShortName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubectlGetCrds_ByNameAndShortNames_PrintsNameAndCreatedAt()
    {
        Assert.True(Kubectl.Path is not null, Kubectl.Missing);
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(TableFixtures.WidgetCrd(), cancellationToken: TestCluster.Deadline());

        var outputs = new List<string[][]>();
        foreach (var name in new[] { "customresourcedefinitions", "crds", "crd" })
            outputs.Add(Kubectl.Rows(await Kubectl.OutputAsync(cluster, "get", name)));

        Assert.All(outputs, rows =>
        {
            Assert.Equal(["NAME", "CREATED", "AT"], rows[0]);
            Assert.Equal("widgets.example.com", rows[1][0]);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", rows[1][1]);
        });
    }

    [Theory]
    [InlineData("ns", "default")]
    [InlineData("po", "web")]
    [InlineData("cm", "settings")]
    [InlineData("sa", "robot")]
    [InlineData("svc", "front")]
    [InlineData("deploy", "api")]
    [InlineData("ds", "agent")]
    [InlineData("ev", "web.1")]
    [InlineData("no", "node-1")]
    [InlineData("wd", "w1")]
    [InlineData("demo", "w1")]
    [InlineData("all", "web")]
    public async Task KubectlGet_ShortNameOrCategory_FindsTheResource(string name, string expected)
    {
        Assert.True(Kubectl.Path is not null, Kubectl.Missing);
        await using var cluster = await TestCluster.StartAsync();
        await CreateOneOfEachAsync(cluster);

        var output = await Kubectl.OutputAsync(cluster, "get", name, "-o", "name");

        Assert.Contains($"/{expected}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubectlGetPodsWide_ScheduledPod_PrintsReadyStatusIpAndNode()
    {
        Assert.True(Kubectl.Path is not null, Kubectl.Missing);
        await using var cluster = await TestCluster.StartAsync();
        await CreateOneOfEachAsync(cluster);

        var rows = Kubectl.Rows(await Kubectl.OutputAsync(cluster, "get", "pods", "-o", "wide"));

        Assert.Equal(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED", "NODE", "READINESS", "GATES"], rows[0]);
        Assert.Equal(["web", "1/1", "Running", "2"], rows[1][..4]);
        Assert.Equal(["10.1.0.5", "node-1", "<none>", "<none>"], rows[1][5..]);
    }

    [Fact]
    public async Task KubectlGet_NodesNamespacesEvents_PrintTheirColumns()
    {
        Assert.True(Kubectl.Path is not null, Kubectl.Missing);
        await using var cluster = await TestCluster.StartAsync();
        await CreateOneOfEachAsync(cluster);

        var nodes = Kubectl.Rows(await Kubectl.OutputAsync(cluster, "get", "nodes"));
        var namespaces = Kubectl.Rows(await Kubectl.OutputAsync(cluster, "get", "namespaces"));
        var events = await Kubectl.OutputAsync(cluster, "get", "events");

        Assert.Equal(["NAME", "STATUS", "ROLES", "AGE", "VERSION"], nodes[0]);
        Assert.Equal(["node-1", "Ready", "control-plane"], nodes[1][..3]);
        Assert.Equal("v1.34.0", nodes[1][^1]);
        Assert.Equal(["NAME", "STATUS", "AGE"], namespaces[0]);
        Assert.Equal(["default", "Active"], namespaces[1][..2]);
        Assert.Matches(@"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE", events);
        Assert.Matches(@"Normal\s+Started\s+pod/web\s+container app started", events);
    }

    /// <summary>A pod (running on node-1), a node, an event, a config map, a service account, a service, a deployment, a daemon set and a Widget.</summary>
    private static async Task CreateOneOfEachAsync(TestCluster cluster)
    {
        var ct = TestCluster.Deadline();
        var client = cluster.Client;
        var pod = await client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web", nodeName: "node-1"), "default", cancellationToken: ct);
        pod.Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = "10.1.0.5",
            ContainerStatuses = [new V1ContainerStatus { Name = "app", Image = "busybox", ImageID = "", Ready = true, RestartCount = 2, State = new V1ContainerState { Running = new V1ContainerStateRunning() } }],
        };
        await client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "web", "default", cancellationToken: ct);
        await client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "node-1", Labels = new Dictionary<string, string> { ["node-role.kubernetes.io/control-plane"] = "" } },
            Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }], NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.34.0" } },
        }, cancellationToken: ct);
        await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "web.1" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web", NamespaceProperty = "default", Uid = pod.Metadata.Uid },
            Reason = "Started", Message = "container app started", Type = "Normal", Count = 1,
        }, "default", cancellationToken: ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, "default", cancellationToken: ct);
        await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "robot" } }, "default", cancellationToken: ct);
        await client.CoreV1.CreateNamespacedServiceAsync(new V1Service { Metadata = new V1ObjectMeta { Name = "front" }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] } }, "default", cancellationToken: ct);
        var template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "x" } }, Spec = TestCluster.Pod("t").Spec };
        var selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "x" } };
        await client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment { Metadata = new V1ObjectMeta { Name = "api" }, Spec = new V1DeploymentSpec { Selector = selector, Template = template } }, "default", cancellationToken: ct);
        await client.AppsV1.CreateNamespacedDaemonSetAsync(new V1DaemonSet { Metadata = new V1ObjectMeta { Name = "agent" }, Spec = new V1DaemonSetSpec { Selector = selector, Template = template } }, "default", cancellationToken: ct);
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(TableFixtures.WidgetCrd(), cancellationToken: ct);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(TableFixtures.Widget("w1", ready: "True"), "example.com", "v1", "default", "widgets", cancellationToken: ct);
    }
}
