using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Operator.Entities;
using Multi.Operator.NodeAgent.Netlink;
using Multi.Operator.Tests.Support;
using Multi.Sandbox.Host;

namespace Multi.Operator.Tests.NodeAgent.HostLinks;

/// <summary>
/// A node for the agent: the embedded API server with the shipped CRDs and the manager (for <c>nodesReady</c>), a network
/// namespace <c>ag-&lt;random&gt;</c> with a veth uplink <see cref="Uplink"/> (192.0.2.1/24, up), a Node object named after
/// the namespace, and the agent process acting inside the namespace (CNI daemon off, probes off).
/// </summary>
internal sealed class AgentNode : IAsyncDisposable
{
    public const string Uplink = "ag-up0";

    private AgentNode(OperatorCluster cluster, string name) => (Cluster, Name) = (cluster, name);

    public OperatorCluster Cluster { get; }

    public string Name { get; }

    public Kubernetes Client => Cluster.Client;

    public OperatorProcess? Agent { get; private set; }

    public static async Task<AgentNode> StartAsync(IDictionary<string, string>? labels = null)
    {
        Assert.SkipUnless(HostCommand.IsRoot, "requires root: the test creates a network namespace and links in it");
        var cluster = await OperatorCluster.StartAsync();
        var node = new AgentNode(cluster, "ag-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            (await HostCommand.RunAsync("ip", "netns", "add", node.Name)).EnsureSuccess();
            await node.IpAsync("link", "set", "lo", "up");
            await node.IpAsync("link", "add", Uplink, "type", "veth", "peer", "name", "ag-up1");
            await node.IpAsync("addr", "add", "192.0.2.1/24", "dev", Uplink);
            await node.IpAsync("link", "set", Uplink, "up");
            await node.IpAsync("link", "set", "ag-up1", "up");
            await cluster.Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = node.Name, Labels = labels } }, cancellationToken: TestContext.Current.CancellationToken);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the agent process; the resync is an hour unless asked, so that only events drive it.</summary>
    public void StartAgent(string resync = "01:00:00")
    {
        Agent = OperatorProcess.Start(
            "--Operator:Mode=agent", $"--Operator:NodeName={Name}", $"--Operator:Kubeconfig={Path.Combine(Cluster.Cluster.Directory, "kubeconfig")}",
            "--Operator:ProbeAddress=", "--Operator:Daemon:Enabled=false", "--Operator:HostInterfaces:Enabled=true",
            $"--Operator:HostInterfaces:ResyncPeriod={resync}", $"--Operator:HostInterfaces:NetnsPath={NetworkNamespaceThread.PathOf(Name)}");
    }

    public async Task StopAgentAsync()
    {
        if (Agent is not null)
        {
            await Agent.TerminateAsync();
            await Agent.DisposeAsync();
            Agent = null;
        }
    }

    public async Task<string> IpAsync(params string[] args) =>
        (await HostCommand.RunAsync("ip", ["-n", Name, .. args], null, cancellationToken: TestContext.Current.CancellationToken)).EnsureSuccess().Stdout;

    /// <summary><c>ip -d -j link show dev</c>, or null when the link does not exist.</summary>
    public async Task<JsonObject?> LinkAsync(string name)
    {
        var result = await HostCommand.RunAsync("ip", ["-n", Name, "-d", "-j", "link", "show", "dev", name], null, cancellationToken: TestContext.Current.CancellationToken);
        return result.ExitCode == 0 ? JsonNode.Parse(result.Stdout)!.AsArray()[0]!.AsObject() : null;
    }

    public async Task<int?> IndexAsync(string name) => (await LinkAsync(name))?["ifindex"]?.GetValue<int>();

    public async Task<NodeNetworkStateStatus?> StatusAsync()
    {
        try
        {
            var json = await Client.CustomObjects.GetClusterCustomObjectAsync(NodeNetworkState.Group, NodeNetworkState.Version, NodeNetworkState.Plural, Name, TestContext.Current.CancellationToken);
            return KubernetesJson.Deserialize<NodeNetworkState>(KubernetesJson.Serialize(json)).Status;
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The state of a listed link ("Ready", "Clash", …), or null when the status does not list it.</summary>
    public async Task<string?> LinkStateAsync(string link) => (await StatusAsync())?.Links.FirstOrDefault(l => l.Name == link)?.State;

    public async Task<string> DescribeAsync() =>
        $"status: {(await StatusAsync() is { } status ? KubernetesJson.Serialize(status) : "(no NodeNetworkState)")}\nlinks: {await IpAsync("-br", "link")}\nagent: {Agent?.Output}";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (Agent is not null)
        {
            await Agent.DisposeAsync();
        }

        await HostCommand.RunAsync("ip", "netns", "del", Name);
        await Cluster.DisposeAsync();
    }
}
