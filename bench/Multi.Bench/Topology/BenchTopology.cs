using System.Text.Json.Nodes;
using Multi.Sandbox.Local;

namespace Multi.Bench.Topology;

/// <summary>
/// The benchmark's node: the sandbox's topology (a node namespace holding the bridge, the macvlan master and the
/// ptp host ends; pods as network namespaces) under the <c>mbn</c> prefix, so names never collide with the
/// sandbox (<c>msbx</c>) or the tests. <c>bench/run.sh</c> creates and removes the node.
/// </summary>
internal sealed record BenchTopology(string StateDir)
{
    public const string Prefix = "mbn";

    public const string NodeNamespace = $"{Prefix}-node";

    private SandboxTopology Node { get; } = new(Prefix, StateDir);

    public string CacheDir => Node.CacheDir;

    public string IpamDir => Node.IpamDir;

    public static string PodNamespace(int index) => $"{Prefix}-pod-{index}";

    /// <summary>The meta-plugin configuration: the cluster network (bridge, eth0) and two secondaries (macvlan net1, ptp net2).</summary>
    public JsonObject MultiConfig() => Node.MultiConfig();

    /// <summary>The delegate networks in attachment order; the direct path parses these same objects.</summary>
    public IReadOnlyList<JsonObject> Delegates() =>
        MultiConfig()["delegates"]!.AsArray().Select(d => (JsonObject)d!.DeepClone()).ToList();
}
