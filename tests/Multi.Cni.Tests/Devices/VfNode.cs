using System.Text;
using System.Text.Json.Nodes;
using Multi.Cni.Delegation;
using Multi.Cni.Kube;
using Multi.Cni.Netns;
using Multi.Core.Cni;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.Host;
using Multi.Testing;

namespace Multi.Cni.Tests.Devices;

/// <summary>
/// A node with device-plugin "VFs" for one test: veth pairs in the host namespace stand in for VFs (their names are the
/// device IDs, since veths have no PCI address), a pod namespace, the embedded API server with the NAD CRD, a device-info
/// base directory, and two script plugins on CNI_PATH: <c>vf-move</c> records the config it receives and moves the device
/// named by the injected <c>pciBusID</c> into the pod (and back on DEL), <c>vf-cluster</c> stands for the cluster network.
/// The engine runs in-process with the real process executor, exactly as the <c>multi</c> executable runs it.
/// </summary>
internal sealed class VfNode : IAsyncDisposable
{
    public const string Resource = "example.com/vf";

    private readonly List<string> vfs = [];

    private VfNode(string prefix, TempDir dir, NetworkNamespace pod, EmbeddedApiServer server, KubeApiClient client)
    {
        Prefix = prefix;
        Dir = dir;
        Pod = pod;
        Server = server;
        Client = client;
    }

    public string Prefix { get; }

    public TempDir Dir { get; }

    public NetworkNamespace Pod { get; }

    public EmbeddedApiServer Server { get; }

    public KubeApiClient Client { get; }

    public string Socket => Dir["kubelet.sock"];

    public string Checkpoint => Dir["kubelet_internal_checkpoint"];

    public string DevInfo => Dir["devinfo"];

    public string Records => Dir["records"];

    public string Bin => Dir["bin"];

    public StringWriter Stderr { get; } = new();

    public static async Task<VfNode> CreateAsync()
    {
        Assert.SkipUnless(HostCommand.IsRoot, "requires root: the test creates network namespaces and moves links between them");
        var prefix = "dv" + Guid.NewGuid().ToString("N")[..6];
        var dir = new TempDir();
        Directory.CreateDirectory(dir["records"]);
        Directory.CreateDirectory(dir["bin"]);
        Directory.CreateDirectory(Path.Combine(dir["devinfo"], "dp"));
        WritePlugins(dir["bin"], dir["records"]);
        var pod = await NetworkNamespace.CreateAsync($"{prefix}-pod");
        var server = new EmbeddedApiServer(new EmbeddedApiServerOptions());
        await server.StartAsync(TestContext.Current.CancellationToken);
        server.WriteKubeconfig(dir["kubeconfig"]);
        var client = KubeApiClient.Create(dir["kubeconfig"], KubeRetryPolicy.Default, TimeProvider.System);
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "crds", "k8s.cni.cncf.io_network-attachment-definitions.yaml"), TestContext.Current.CancellationToken);
        var crd = JsonNode.Parse(k8s.KubernetesJson.Serialize(k8s.KubernetesYaml.Deserialize<k8s.Models.V1CustomResourceDefinition>(yaml)))!.AsObject();
        await client.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, TestContext.Current.CancellationToken);
        return new VfNode(prefix, dir, pod, server, client);
    }

    /// <summary>A "VF": one end of a veth pair in the host namespace; its name is its device ID.</summary>
    public async Task<string> VfAsync(string suffix)
    {
        var name = $"{Prefix}{suffix}";
        (await HostCommand.RunAsync("ip", "link", "add", name, "type", "veth", "peer", "name", $"{name}p")).EnsureSuccess();
        vfs.Add(name);
        return name;
    }

    public static async Task<bool> InHostAsync(string link) => (await HostCommand.RunAsync("ip", "link", "show", link)).Succeeded;

    public async Task<bool> InPodAsync(string link) => (await HostCommand.RunAsync("ip", "-n", Pod.Name, "link", "show", link)).Succeeded;

    /// <summary>A NAD of the script plugin bound to <see cref="Resource"/> (or <paramref name="resource"/>; null: no binding).</summary>
    public async Task NadAsync(string name, string? resource = Resource, bool garbageDeviceInfo = false)
    {
        var config = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["type"] = "vf-move",
            ["capabilities"] = new JsonObject { ["deviceID"] = true, ["CNIDeviceInfoFile"] = true },
        };
        if (garbageDeviceInfo)
        {
            config["writeDeviceInfo"] = "garbage";
        }

        var metadata = new JsonObject { ["name"] = name };
        if (resource is not null)
        {
            metadata["annotations"] = new JsonObject { ["k8s.v1.cni.cncf.io/resourceName"] = resource };
        }

        await Client.CreateAsync("/apis/k8s.cni.cncf.io/v1/namespaces/default/network-attachment-definitions", new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["config"] = config.ToJsonString() },
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>Creates the pod with its networks annotation and one container limiting <paramref name="requested"/> units; returns its UID.</summary>
    public async Task<string> PodObjectAsync(string name, string networks, int requested)
    {
        var resources = requested == 0 ? new JsonObject() : new JsonObject { ["limits"] = new JsonObject { [Resource] = requested.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        var created = await Client.CreateAsync("/api/v1/namespaces/default/pods", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["annotations"] = new JsonObject { ["k8s.v1.cni.cncf.io/networks"] = networks } },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "busybox", ["resources"] = resources }) },
        }, TestContext.Current.CancellationToken);
        return created["metadata"]!["uid"]!.GetValue<string>();
    }

    public JsonObject Config(Action<JsonObject>? adjust = null)
    {
        var config = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = "multi-dev",
            ["cniDir"] = Dir["cache"],
            ["confDir"] = Dir["net.d"],
            ["kubeconfig"] = Dir["kubeconfig"],
            ["podResourcesSocket"] = Socket,
            // Generous: the first gRPC call of a test process can take over a second on a loaded CI machine. The
            // fallback test sets its own 1 s bound.
            ["podResourcesTimeoutSeconds"] = 10,
            ["logLevel"] = "verbose",
            ["deviceCheckpointFile"] = Checkpoint,
            ["deviceInfoDir"] = DevInfo,
            ["delegates"] = new JsonArray(new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = "cluster", ["type"] = "vf-cluster" }),
        };
        adjust?.Invoke(config);
        return config;
    }

    public async Task<(PluginOutcome Outcome, JsonObject? Json)> RunAsync(string command, string pod, string uid, JsonObject? config = null)
    {
        var env = new CniEnvironment(command, $"c-{pod}", Pod.Path, "eth0", $"K8S_POD_NAMESPACE=default;K8S_POD_NAME={pod};K8S_POD_UID={uid}", Bin);
        var clock = TimeProvider.System;
        var dispatcher = new Dispatcher(new ProcessPluginExecutor(clock), new NetnsInterfaceProbe(), new IpRouteEditor(clock), new KubeApiFactory(clock), clock, Stderr);
        var outcome = await dispatcher.RunAsync(env, Encoding.UTF8.GetBytes((config ?? Config()).ToJsonString()), TestContext.Current.CancellationToken);
        return (outcome, outcome.Stdout.Length == 0 ? null : JsonNode.Parse(outcome.Stdout) as JsonObject);
    }

    /// <summary>The config the plugin received for <paramref name="ifName"/> and <paramref name="command"/>.</summary>
    public JsonObject Received(string ifName, string command) => JsonNode.Parse(File.ReadAllText(Path.Combine(Records, $"{ifName}.{command}.json")))!.AsObject();

    public async Task<JsonArray> NetworkStatusAsync(string pod)
    {
        var object_ = await Client.GetAsync($"/api/v1/namespaces/default/pods/{pod}", TestContext.Current.CancellationToken);
        return JsonNode.Parse(object_["metadata"]!["annotations"]!["k8s.v1.cni.cncf.io/network-status"]!.GetValue<string>())!.AsArray();
    }

    /// <summary>The device plugin's device-info file for a device of <see cref="Resource"/>.</summary>
    public void DpFile(string deviceId, string content) =>
        File.WriteAllText(Path.Combine(DevInfo, "dp", $"example.com-vf-{deviceId}-device.json"), content);

    public string CniFile(string nad, string pod, string ifName) => Path.Combine(DevInfo, "cni", $"default-{nad}-c-{pod}_{ifName}");

    public async ValueTask DisposeAsync()
    {
        await Pod.DisposeAsync();
        foreach (var vf in vfs)
        {
            await HostCommand.RunAsync("ip", "link", "del", vf);
        }

        Client.Dispose();
        await Server.DisposeAsync();
        Dir.Dispose();
    }

    private static void WritePlugins(string bin, string records)
    {
        // Moves the device named by the injected pciBusID into the pod under CNI_IFNAME, and back (renamed) on DEL.
        Script(Path.Combine(bin, "vf-move"), $$"""
            #!/bin/sh
            in=$(cat)
            printf '%s' "$in" > "{{records}}/$CNI_IFNAME.$CNI_COMMAND.json"
            dev=$(printf '%s' "$in" | sed -n 's/.*"pciBusID":"\([^"]*\)".*/\1/p')
            info=$(printf '%s' "$in" | sed -n 's/.*"CNIDeviceInfoFile":"\([^"]*\)".*/\1/p')
            ns=$(basename "$CNI_NETNS")
            case "$CNI_COMMAND" in
            ADD)
              [ -n "$dev" ] || { echo '{"cniVersion":"1.0.0","code":7,"msg":"no pciBusID in the config"}'; exit 1; }
              ip link set "$dev" netns "$ns" name "$CNI_IFNAME" || { echo '{"cniVersion":"1.0.0","code":11,"msg":"cannot move the device"}'; exit 1; }
              ip -n "$ns" link set "$CNI_IFNAME" up
              case "$in" in *'"writeDeviceInfo":"garbage"'*) printf 'not json' > "$info";; esac
              mac=$(ip -n "$ns" -o link show "$CNI_IFNAME" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
              printf '{"cniVersion":"1.0.0","interfaces":[{"name":"%s","mac":"%s","sandbox":"%s"}]}' "$CNI_IFNAME" "$mac" "$CNI_NETNS"
              ;;
            DEL)
              if [ -n "$dev" ] && ip -n "$ns" link show "$CNI_IFNAME" >/dev/null 2>&1; then
                ip -n "$ns" link set "$CNI_IFNAME" down
                ip -n "$ns" link set "$CNI_IFNAME" netns $$ name "$dev"
              fi
              ;;
            esac
            exit 0
            """);
        Script(Path.Combine(bin, "vf-cluster"), """
            #!/bin/sh
            cat >/dev/null
            [ "$CNI_COMMAND" = ADD ] && printf '{"cniVersion":"1.0.0","interfaces":[{"name":"%s","sandbox":"%s"}]}' "$CNI_IFNAME" "$CNI_NETNS"
            exit 0
            """);
    }

    private static void Script(string path, string text)
    {
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
