using System.Net;
using System.Text.Json.Nodes;

namespace Multi.Sandbox.Local;

/// <summary>
/// The local sandbox's fixed topology: two simulated nodes (<see cref="Nodes"/>: network namespaces holding the cluster
/// bridge, the pods' host ends and the links the node agent creates; node 0 also the macvlan master), joined by an
/// underlay veth pair, each with an uplink from the host for the API server, and pods as network namespaces. Only the
/// uplinks' host ends live in the host's own namespace; every name starts with <see cref="Prefix"/> and all state (API
/// objects, IPAM, multi's caches) lives under <see cref="StateDir"/>. The properties without a node are node 0's.
/// </summary>
internal sealed partial record SandboxTopology(string Prefix, string StateDir, int UplinkSubnet = 77)
{
    /// <summary>The prefix and state directory the sample manifests are written for (see config/samples/).</summary>
    public const string SamplePrefix = "msbx";

    public const string SampleStateDir = "/run/multi-sandbox";

    public static SandboxTopology Default { get; } = new(SamplePrefix, SampleStateDir);

    public string NodeNamespace => $"{Prefix}-node";

    public string Bridge => $"{Prefix}-br0";

    public string MacvlanMaster => $"{Prefix}-ext0";

    public string MacvlanPeer => $"{Prefix}-ext1";

    /// <summary>The uplink's host end (in the host namespace) and node end.</summary>
    public string UplinkHost => Nodes[0].UplinkHost;

    public string UplinkNode => Nodes[0].UplinkNode;

    /// <summary>The API server listens on the host end of the uplink's /30: 169.254.&lt;subnet&gt;.1.</summary>
    public IPAddress ApiAddress => IPAddress.Parse($"169.254.{UplinkSubnet}.1");

    public string CacheDir => Nodes[0].CacheDir;

    public string IpamDir => Nodes[0].IpamDir;

    /// <summary>multi-ipam's node journal (config/samples/10-networks.yaml names it under the sample state directory).</summary>
    public string IpamJournalDir => Nodes[0].IpamJournalDir;

    public string ConfDir => Nodes[0].ConfDir;

    public string ApiDir => Path.Combine(StateDir, "api");

    public string Kubeconfig => Path.Combine(StateDir, "kubeconfig");

    public string ApiPidFile => Path.Combine(StateDir, "api-server.pid");

    public string ApiReadyFile => Path.Combine(StateDir, "api-server.ready");

    public string ApiLogFile => Path.Combine(StateDir, "api-server.log");

    public string OperatorPidFile => Path.Combine(StateDir, "operator.pid");

    public string OperatorLogFile => Path.Combine(StateDir, "operator.log");

    /// <summary>The port of the operator's /healthz, /readyz and /metrics on 127.0.0.1, chosen free by <c>up</c>.</summary>
    public string OperatorPortFile => Path.Combine(StateDir, "operator.port");

    /// <summary>The node the sandbox's pods are bound to (<c>spec.nodeName</c>) unless they name another, and its node daemon serves: the node namespace's name.</summary>
    public string NodeName => NodeNamespace;

    /// <summary>The simulated nodes: node 0 (<see cref="NodeNamespace"/>, the one the one-node sandbox had) and node 1.</summary>
    public IReadOnlyList<SandboxNode> Nodes => [new(this, 0), new(this, 1)];

    /// <summary>The veth pair joining the nodes' namespaces (the VXLAN parent of the overlay sample): one name, an end in each node.</summary>
    public string Underlay => $"{Prefix}-ul0";

    /// <summary>The underlay's /24 (its first three octets): node i has .(i+1).</summary>
    public string UnderlayPrefix => "192.168.77";

    /// <summary>The label every sandbox <c>Node</c> carries (value <c>"true"</c>); the overlay sample's nodeSelector names it.</summary>
    public const string NodeLabel = "multi.dev/sandbox-node";

    /// <summary>
    /// Where a node's processes (its daemon, and the plugins the runtime runs for it) see their node's own files
    /// (<see cref="SandboxNode.Dir"/>, bind-mounted here in their mount namespace): the nodes share the host's file
    /// system, and a network offered on both names one node-local journal and daemon socket, as on real nodes.
    /// </summary>
    public string NodeView => Path.Combine(StateDir, "node");

    /// <summary>The node daemon's CNI socket (multi's <c>daemonSocket</c>, the operator's <c>--Operator:IpamDaemonSocket</c>).</summary>
    public string DaemonSocket => Nodes[0].DaemonSocket;

    public string DaemonPidFile => Nodes[0].DaemonPidFile;

    public string DaemonLogFile => Nodes[0].DaemonLogFile;

    /// <summary>The port of the node daemon's /healthz, /readyz and /metrics on the uplink's node address, chosen free by <c>up</c>.</summary>
    public string DaemonPortFile => Nodes[0].DaemonPortFile;

    /// <summary>The uplink's node end: 169.254.&lt;subnet&gt;.2 (slot 0 of <see cref="Multi.Sandbox.Host.ApiUplink"/>), where the node daemon's probes listen.</summary>
    public IPAddress NodeAddress => Nodes[0].NodeAddress;

    public string ConfigFile => Nodes[0].ConfigFile;

    public string StateFile => Path.Combine(StateDir, "pods.json");

    public string PodNamespace(string pod) => $"{Prefix}-{pod}";

    /// <summary>Adapts sample manifest text to this topology: the sample prefix and state directory become ours.</summary>
    public string Localize(string manifest) => manifest
        .Replace(SampleStateDir, StateDir, StringComparison.Ordinal)
        .Replace(SamplePrefix + "-", Prefix + "-", StringComparison.Ordinal);

    /// <summary>multi's configuration on node 0 (<see cref="SandboxNode.MultiConfig"/>).</summary>
    public JsonObject MultiConfig() => Nodes[0].MultiConfig();
}
