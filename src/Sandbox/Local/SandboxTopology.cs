using System.Net;
using System.Text.Json.Nodes;

namespace Multi.Sandbox.Local;

/// <summary>
/// The local sandbox's fixed topology: one simulated node (a network namespace holding the cluster bridge, the
/// macvlan master and the pods' host ends), an uplink from the host into the node for the API server, and pods as
/// network namespaces. Only the uplink's host end lives in the host's own namespace; every name starts with
/// <see cref="Prefix"/> and all state (API objects, IPAM, multi's cache) lives under <see cref="StateDir"/>.
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
    public string UplinkHost => $"{Prefix}-api0";

    public string UplinkNode => $"{Prefix}-api1";

    /// <summary>The API server listens on the host end of the uplink's /30: 169.254.&lt;subnet&gt;.1.</summary>
    public IPAddress ApiAddress => IPAddress.Parse($"169.254.{UplinkSubnet}.1");

    public string CacheDir => Path.Combine(StateDir, "cache");

    public string IpamDir => Path.Combine(StateDir, "ipam");

    /// <summary>multi-ipam's node journal (config/samples/10-networks.yaml names it under the sample state directory).</summary>
    public string IpamJournalDir => Path.Combine(StateDir, "ipam-journal");

    public string ConfDir => Path.Combine(StateDir, "net.d");

    public string ApiDir => Path.Combine(StateDir, "api");

    public string Kubeconfig => Path.Combine(StateDir, "kubeconfig");

    public string ApiPidFile => Path.Combine(StateDir, "api-server.pid");

    public string ApiReadyFile => Path.Combine(StateDir, "api-server.ready");

    public string ApiLogFile => Path.Combine(StateDir, "api-server.log");

    public string OperatorPidFile => Path.Combine(StateDir, "operator.pid");

    public string OperatorLogFile => Path.Combine(StateDir, "operator.log");

    /// <summary>The port of the operator's /healthz, /readyz and /metrics on 127.0.0.1, chosen free by <c>up</c>.</summary>
    public string OperatorPortFile => Path.Combine(StateDir, "operator.port");

    /// <summary>The node the sandbox's pods are bound to (<c>spec.nodeName</c>) and its node daemon serves: the node namespace's name.</summary>
    public string NodeName => NodeNamespace;

    /// <summary>The node daemon's CNI socket (multi's <c>daemonSocket</c>, the operator's <c>--Operator:IpamDaemonSocket</c>).</summary>
    public string DaemonSocket => Path.Combine(StateDir, "run", "multi.sock");

    public string DaemonPidFile => Path.Combine(StateDir, "daemon.pid");

    public string DaemonLogFile => Path.Combine(StateDir, "daemon.log");

    /// <summary>The port of the node daemon's /healthz, /readyz and /metrics on the uplink's node address, chosen free by <c>up</c>.</summary>
    public string DaemonPortFile => Path.Combine(StateDir, "daemon.port");

    /// <summary>The uplink's node end: 169.254.&lt;subnet&gt;.2 (slot 0 of <see cref="Multi.Sandbox.Host.ApiUplink"/>), where the node daemon's probes listen.</summary>
    public IPAddress NodeAddress => IPAddress.Parse($"169.254.{UplinkSubnet}.2");

    public string ConfigFile => Path.Combine(StateDir, "00-multi.conf");

    public string StateFile => Path.Combine(StateDir, "pods.json");

    public string PodNamespace(string pod) => $"{Prefix}-{pod}";

    /// <summary>Adapts sample manifest text to this topology: the sample prefix and state directory become ours.</summary>
    public string Localize(string manifest) => manifest
        .Replace(SampleStateDir, StateDir, StringComparison.Ordinal)
        .Replace(SamplePrefix + "-", Prefix + "-", StringComparison.Ordinal);

    /// <summary>
    /// multi in Kubernetes mode: the cluster network (bridge + host-local) inline, secondary networks from the pods'
    /// annotations and their NADs, the API through the sandbox's kubeconfig, cache and conf dir under <see cref="StateDir"/>;
    /// the <c>multi</c> binary is a shim that forwards to the node daemon at <see cref="DaemonSocket"/> (in-process when it does not answer).
    /// </summary>
    public JsonObject MultiConfig() => new()
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "multi-sandbox",
        ["type"] = "multi",
        ["kubeconfig"] = Kubeconfig,
        ["daemonSocket"] = DaemonSocket,
        ["cniDir"] = CacheDir,
        ["confDir"] = ConfDir,
        ["binDir"] = "/usr/lib/cni",
        ["logLevel"] = "error",
        ["podResourcesSocket"] = PodResourcesSocket,
        ["deviceCheckpointFile"] = DeviceCheckpointFile,
        ["deviceInfoDir"] = DeviceInfoDir,
        ["delegates"] = new JsonArray(
            new JsonObject
            {
                ["cniVersion"] = "1.0.0",
                ["name"] = "cluster",
                ["plugins"] = new JsonArray(new JsonObject
                {
                    ["type"] = "bridge",
                    ["bridge"] = Bridge,
                    ["isGateway"] = true,
                    ["ipam"] = new JsonObject
                    {
                        ["type"] = "host-local",
                        ["subnet"] = "10.244.0.0/24",
                        ["dataDir"] = IpamDir,
                        ["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
                    },
                }),
            }),
    };
}
