using System.Text.Json.Nodes;
using Multi.Sandbox.Local;

namespace Multi.Bench.Topology;

/// <summary>
/// The benchmark's node: the sandbox's node layout (a namespace holding the bridge, the macvlan master and the ptp
/// host ends; pods as network namespaces) under the <c>mbn</c> prefix, so names never collide with the sandbox
/// (<c>msbx</c>) or the tests. <c>bench/run.sh</c> creates and removes the node.
/// </summary>
internal sealed record BenchTopology(string StateDir)
{
    public const string Prefix = "mbn";

    public const string NodeNamespace = $"{Prefix}-node";

    private SandboxTopology Node { get; } = new(Prefix, StateDir);

    public string CacheDir => Node.CacheDir;

    public string IpamDir => Node.IpamDir;

    public static string PodNamespace(int index) => $"{Prefix}-pod-{index}";

    /// <summary>
    /// The configured path's meta-plugin configuration: the cluster network (bridge + host-local, eth0) and two
    /// networks every pod gets (macvlan + host-local net1, ptp + host-local net2), state under <see cref="StateDir"/>.
    /// </summary>
    public JsonObject MultiConfig() => new()
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "multi-bench",
        ["type"] = "multi",
        ["cniDir"] = CacheDir,
        ["binDir"] = "/usr/lib/cni",
        ["logLevel"] = "error",
        ["delegates"] = new JsonArray(
            new JsonObject
            {
                ["cniVersion"] = "1.0.0",
                ["name"] = "cluster",
                ["plugins"] = new JsonArray(new JsonObject { ["type"] = "bridge", ["bridge"] = Node.Bridge, ["isGateway"] = true, ["ipam"] = HostLocal("10.244.0.0/24", withDefaultRoute: true) }),
            },
            new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = "storage", ["type"] = "macvlan", ["master"] = Node.MacvlanMaster, ["mode"] = "bridge", ["ipam"] = HostLocal("10.10.1.0/24", withDefaultRoute: false) },
            new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = "backhaul", ["type"] = "ptp", ["ipam"] = HostLocal("10.20.0.0/24", withDefaultRoute: false) }),
    };

    /// <summary>The delegate networks in attachment order; the direct path parses these same objects.</summary>
    public IReadOnlyList<JsonObject> Delegates() =>
        MultiConfig()["delegates"]!.AsArray().Select(d => (JsonObject)d!.DeepClone()).ToList();

    private JsonObject HostLocal(string subnet, bool withDefaultRoute)
    {
        var ipam = new JsonObject { ["type"] = "host-local", ["subnet"] = subnet, ["dataDir"] = IpamDir };
        if (withDefaultRoute)
        {
            ipam["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" });
        }

        return ipam;
    }
}
