using System.Text.Json.Nodes;
using Multi.Sandbox.Host;
using Multi.Sandbox.Runtime;

namespace Multi.MetaPlugin.Tests.Integration;

/// <summary>
/// A simulated node for one test: its own network namespace (so the bridge, the macvlan master and the ptp host
/// ends never touch the host's namespace), pods as namespaces, and its own cache and IPAM directories. Calls
/// the published <c>multi</c> binary with Debian's plugins exactly as a runtime would.
/// </summary>
internal sealed class TestNode : IAsyncDisposable
{
    private readonly List<NetworkNamespace> pods = [];

    private TestNode(string prefix, NetworkNamespace node, string stateDir)
    {
        Prefix = prefix;
        Node = node;
        StateDir = stateDir;
        Runtime = new ContainerRuntime(string.Join(':', RepoLayout.DebianPluginDir, ExtraBinDir), node);
    }

    public string Prefix { get; }

    public NetworkNamespace Node { get; }

    public string StateDir { get; }

    public ContainerRuntime Runtime { get; }

    public string CacheDir => Path.Combine(StateDir, "cache");

    public string IpamDir => Path.Combine(StateDir, "ipam");

    /// <summary>A directory on CNI_PATH for test-only plugins (scripts).</summary>
    public string ExtraBinDir => Path.Combine(StateDir, "bin");

    public string Bridge => $"{Prefix}br";

    public string Master => $"{Prefix}m0";

    public static string Multi => RepoLayout.RequireMultiBinary();

    /// <summary>Skips (naming the reason) without root; fails when the plugins or the binary are missing.</summary>
    public static async Task<TestNode> CreateAsync()
    {
        Assert.SkipUnless(HostCommand.IsRoot, "requires root: the test creates network namespaces");
        Assert.True(RepoLayout.DebianPluginsInstalled, $"Debian's CNI plugins are missing from {RepoLayout.DebianPluginDir}: run scripts/test.sh, which installs containernetworking-plugins");
        _ = Multi;
        var prefix = "mt" + Guid.NewGuid().ToString("N")[..6];
        var stateDir = Path.Combine(Path.GetTempPath(), $"multi-it-{prefix}");
        Directory.CreateDirectory(Path.Combine(stateDir, "bin"));
        var ns = await NetworkNamespace.CreateAsync($"{prefix}-node");
        await ns.IpAsync("link", "add", $"{prefix}m0", "type", "veth", "peer", "name", $"{prefix}m1");
        await ns.IpAsync("link", "set", $"{prefix}m0", "up");
        await ns.IpAsync("link", "set", $"{prefix}m1", "up");
        return new TestNode(prefix, ns, stateDir);
    }

    public async Task<NetworkNamespace> PodAsync(string name)
    {
        var pod = await NetworkNamespace.CreateAsync($"{Prefix}-{name}");
        pods.Add(pod);
        return pod;
    }

    public JsonObject HostLocal(string subnet, bool defaultRoute = false)
    {
        var ipam = new JsonObject { ["type"] = "host-local", ["subnet"] = subnet, ["dataDir"] = IpamDir };
        if (defaultRoute)
        {
            ipam["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" });
        }

        return ipam;
    }

    public JsonObject ClusterBridge() => new()
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "cluster",
        ["plugins"] = new JsonArray(new JsonObject { ["type"] = "bridge", ["bridge"] = Bridge, ["isGateway"] = true, ["ipam"] = HostLocal("10.244.0.0/24", defaultRoute: true) }),
    };

    public JsonObject MacvlanStatic(string address, string? master = null) => new()
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "storage",
        ["type"] = "macvlan",
        ["master"] = master ?? Master,
        ["mode"] = "bridge",
        ["ipam"] = new JsonObject { ["type"] = "static", ["addresses"] = new JsonArray(new JsonObject { ["address"] = address }) },
    };

    public JsonObject Ptp() => new() { ["cniVersion"] = "1.0.0", ["name"] = "backhaul", ["type"] = "ptp", ["ipam"] = HostLocal("10.66.0.0/24") };

    /// <summary>A multi configuration with these inline delegates, its cache under <see cref="CacheDir"/>.</summary>
    public JsonObject MultiConfig(string cniVersion, params JsonObject[] delegates) => new()
    {
        ["cniVersion"] = cniVersion,
        ["name"] = "multi-it",
        ["type"] = "multi",
        ["cniDir"] = CacheDir,
        ["binDir"] = RepoLayout.DebianPluginDir,
        ["logLevel"] = "debug",
        ["delegates"] = new JsonArray(delegates.Select(d => (JsonNode)d.DeepClone()).ToArray()),
    };

    /// <summary>host-local lease files (named by address) still present.</summary>
    public IReadOnlyList<string> Leases() => Directory.Exists(IpamDir)
        ? Directory.EnumerateFiles(IpamDir, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is var n && n != "lock" && !n.StartsWith("last_reserved_ip", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(IpamDir, f)).Order().ToList()
        : [];

    public IReadOnlyList<string> CacheEntries() => Directory.Exists(CacheDir)
        ? Directory.EnumerateFiles(CacheDir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(CacheDir, f)).ToList()
        : [];

    /// <summary>Links in the node namespace apart from the bridge and the macvlan master pair: the host ends of pod veths.</summary>
    public async Task<IReadOnlyList<string>> HostVethsAsync() =>
        (await Node.LinksAsync()).Select(l => l.Name).Where(n => n is not "lo" && !n.StartsWith(Prefix, StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var pod in pods)
        {
            await pod.DisposeAsync();
        }

        await Node.DisposeAsync();
        if (Directory.Exists(StateDir))
        {
            Directory.Delete(StateDir, recursive: true);
        }
    }
}
