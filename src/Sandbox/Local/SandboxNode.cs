using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Multi.Sandbox.Local;

/// <summary>
/// One simulated node of the sandbox: a network namespace with its own API uplink, node daemon (the node agent) and
/// node-local files. Node 0 keeps the one-node sandbox's names and paths (namespace <c>&lt;prefix&gt;-node</c>, uplink
/// <c>api0</c>/<c>api1</c>, files at the top of the state directory); node <c>i &gt; 0</c> is <c>&lt;prefix&gt;-node&lt;i+1&gt;</c>,
/// uplink <c>api&lt;2i&gt;</c>/<c>api&lt;2i+1&gt;</c> on the /30 at slot <c>i</c>, files under <c>&lt;state&gt;/&lt;node&gt;/</c>.
/// Every node has the underlay link <see cref="SandboxTopology.Underlay"/> (the same name in each namespace).
/// </summary>
internal sealed record SandboxNode(SandboxTopology Topology, int Index)
{
    /// <summary>The node's name (its <c>Node</c> object, <c>spec.nodeName</c> of its pods) and its network namespace's.</summary>
    public string Name => Index == 0 ? $"{Topology.Prefix}-node" : string.Create(CultureInfo.InvariantCulture, $"{Topology.Prefix}-node{Index + 1}");

    public string Namespace => Name;

    /// <summary>The node's own files (what a real node keeps on its own disk): node 0's are the state directory itself.</summary>
    public string Dir => Index == 0 ? Topology.StateDir : Path.Combine(Topology.StateDir, Name);

    public string UplinkHost => string.Create(CultureInfo.InvariantCulture, $"{Topology.Prefix}-api{2 * Index}");

    public string UplinkNode => string.Create(CultureInfo.InvariantCulture, $"{Topology.Prefix}-api{(2 * Index) + 1}");

    /// <summary>The uplink's host end: 169.254.&lt;subnet&gt;.(4i+1) (node 0's is the API server's address).</summary>
    public IPAddress UplinkHostAddress => IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"169.254.{Topology.UplinkSubnet}.{(4 * Index) + 1}"));

    /// <summary>The uplink's node end, 169.254.&lt;subnet&gt;.(4i+2), where the node daemon's probes listen.</summary>
    public IPAddress NodeAddress => IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"169.254.{Topology.UplinkSubnet}.{(4 * Index) + 2}"));

    /// <summary>The node's address on the underlay (<see cref="SandboxTopology.UnderlaySubnet"/>): .1 for node 0, .2 for node 1.</summary>
    public string UnderlayAddress => string.Create(CultureInfo.InvariantCulture, $"{Topology.UnderlayPrefix}.{Index + 1}/24");

    /// <summary>The node's share of the cluster network (its pod CIDR, as a real cluster gives each node one): 10.244.&lt;i&gt;.0/24.</summary>
    public string PodCidr => string.Create(CultureInfo.InvariantCulture, $"10.244.{Index}.0/24");

    public string DaemonSocket => Path.Combine(Dir, "run", "multi.sock");

    public string DaemonPidFile => Path.Combine(Dir, "daemon.pid");

    public string DaemonLogFile => Path.Combine(Dir, "daemon.log");

    public string DaemonPortFile => Path.Combine(Dir, "daemon.port");

    public string CacheDir => Path.Combine(Dir, "cache");

    public string IpamDir => Path.Combine(Dir, "ipam");

    public string IpamJournalDir => Path.Combine(Dir, "ipam-journal");

    public string ConfDir => Path.Combine(Dir, "net.d");

    public string ConfigFile => Path.Combine(Dir, "00-multi.conf");

    /// <summary>
    /// The labels of the node's <c>Node</c> object: <c>kubernetes.io/hostname</c> as a kubelet sets it and
    /// <see cref="SandboxTopology.NodeLabel"/>, which the overlay sample's <c>nodeSelector</c> matches.
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels => new Dictionary<string, string>
    {
        ["kubernetes.io/hostname"] = Name,
        [SandboxTopology.NodeLabel] = "true",
    };

    /// <summary>
    /// multi in Kubernetes mode for this node: the cluster network (bridge + host-local on the node's pod CIDR) inline,
    /// secondary networks from the pods' annotations and their NADs, the API through the sandbox's kubeconfig, cache and
    /// conf dir among the node's files; the <c>multi</c> binary is a shim that forwards to this node's daemon.
    /// </summary>
    public JsonObject MultiConfig() => new()
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "multi-sandbox",
        ["type"] = "multi",
        ["kubeconfig"] = Topology.Kubeconfig,
        ["daemonSocket"] = DaemonSocket,
        ["cniDir"] = CacheDir,
        ["confDir"] = ConfDir,
        ["binDir"] = "/usr/lib/cni",
        ["logLevel"] = "error",
        ["podResourcesSocket"] = Topology.PodResourcesSocket,
        ["deviceCheckpointFile"] = Topology.DeviceCheckpointFile,
        ["deviceInfoDir"] = Topology.DeviceInfoDir,
        ["delegates"] = new JsonArray(
            new JsonObject
            {
                ["cniVersion"] = "1.0.0",
                ["name"] = "cluster",
                ["plugins"] = new JsonArray(new JsonObject
                {
                    ["type"] = "bridge",
                    ["bridge"] = Topology.Bridge,
                    ["isGateway"] = true,
                    ["ipam"] = new JsonObject
                    {
                        ["type"] = "host-local",
                        ["subnet"] = PodCidr,
                        ["dataDir"] = IpamDir,
                        ["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
                    },
                }),
            }),
    };
}
