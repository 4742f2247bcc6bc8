using System.Text.Json.Nodes;

namespace Multi.Bench.Topology;

/// <summary>
/// The benchmark's node: a network namespace holding the bridge, the macvlan master (one end of a veth pair)
/// and the ptp host ends, with pods as network namespaces. Names carry the <c>mbn</c> prefix so they never
/// collide with the sandbox (<c>msbx</c>) or the tests; <c>bench/run.sh</c> creates and removes the node.
/// </summary>
internal sealed record BenchTopology(string StateDir)
{
    public const string Prefix = "mbn";

    public const string NodeNamespace = $"{Prefix}-node";

    public const string Bridge = $"{Prefix}-br0";

    public const string MacvlanMaster = $"{Prefix}-ext0";

    public string CacheDir => Path.Combine(StateDir, "cache");

    public string IpamDir => Path.Combine(StateDir, "ipam");

    public static string PodNamespace(int index) => $"{Prefix}-pod-{index}";

    /// <summary>
    /// The meta-plugin configuration: the cluster network (bridge + host-local, as a conflist) and two
    /// secondaries every pod gets (macvlan + host-local on <c>net1</c>, ptp + host-local on <c>net2</c>).
    /// </summary>
    public JsonObject MultiConfig() => new()
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "multi-bench",
        ["type"] = "multi",
        ["cniDir"] = CacheDir,
        ["binDir"] = "/usr/lib/cni",
        ["logLevel"] = "error",
        ["delegates"] = new JsonArray(Delegates().Select(d => (JsonNode)d).ToArray()),
    };

    /// <summary>The delegate networks in attachment order; the direct path parses these same objects.</summary>
    public IReadOnlyList<JsonObject> Delegates() =>
    [
        new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = "cluster",
            ["plugins"] = new JsonArray(new JsonObject
            {
                ["type"] = "bridge",
                ["bridge"] = Bridge,
                ["isGateway"] = true,
                ["ipam"] = HostLocal("10.248.0.0/16", withDefaultRoute: true),
            }),
        },
        new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = "storage",
            ["type"] = "macvlan",
            ["master"] = MacvlanMaster,
            ["mode"] = "bridge",
            ["ipam"] = HostLocal("10.249.0.0/16", withDefaultRoute: false),
        },
        new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = "backhaul",
            ["type"] = "ptp",
            ["ipam"] = HostLocal("10.250.0.0/16", withDefaultRoute: false),
        },
    ];

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
