using System.Text.Json.Nodes;

namespace Multi.Sandbox.Local;

/// <summary>
/// The local sandbox's fixed topology: one simulated node (a network namespace holding the bridge, the macvlan
/// master and the ptp host ends) and pods as network namespaces. Nothing is created in the host's own namespace.
/// </summary>
internal sealed record SandboxTopology(string Prefix, string StateDir)
{
    public static SandboxTopology Default { get; } = new("msbx", "/run/multi-sandbox");

    public string NodeNamespace => $"{Prefix}-node";

    public string Bridge => $"{Prefix}-br0";

    public string MacvlanMaster => $"{Prefix}-ext0";

    public string MacvlanPeer => $"{Prefix}-ext1";

    public string CacheDir => Path.Combine(StateDir, "cache");

    public string IpamDir => Path.Combine(StateDir, "ipam");

    public string ConfigFile => Path.Combine(StateDir, "00-multi.conf");

    public string StateFile => Path.Combine(StateDir, "pods.json");

    public IReadOnlyList<string> Pods => ["pod-a", "pod-b"];

    public string PodNamespace(string pod) => $"{Prefix}-{pod}";

    /// <summary>
    /// A Multus-style configuration: the cluster network (bridge + host-local) and two networks every pod gets
    /// (macvlan + host-local, ptp + host-local), with Multi's cache and IPAM state under <see cref="StateDir"/>.
    /// </summary>
    public JsonObject MultiConfig() => new()
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "multi-sandbox",
        ["type"] = "multi",
        ["cniDir"] = CacheDir,
        ["binDir"] = "/usr/lib/cni",
        ["logLevel"] = "error",
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
                    ["ipam"] = HostLocal("10.244.0.0/24", withDefaultRoute: true),
                }),
            },
            new JsonObject
            {
                ["cniVersion"] = "1.0.0",
                ["name"] = "storage",
                ["type"] = "macvlan",
                ["master"] = MacvlanMaster,
                ["mode"] = "bridge",
                ["ipam"] = HostLocal("10.10.1.0/24", withDefaultRoute: false),
            },
            new JsonObject
            {
                ["cniVersion"] = "1.0.0",
                ["name"] = "backhaul",
                ["type"] = "ptp",
                ["ipam"] = HostLocal("10.20.0.0/24", withDefaultRoute: false),
            }),
    };

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
