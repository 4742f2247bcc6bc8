using System.Text.Json.Nodes;
using k8s;
using Multi.Cni.Devices;
using Multi.Sandbox.Host;

namespace Multi.Sandbox.Local;

internal sealed partial class SandboxRunner
{
    private static readonly TimeSpan KubeletCallTimeout = TimeSpan.FromSeconds(5);

    private KubeletProcess Kubelet => new(topology, Time);

    /// <summary>
    /// The node's device plugin and kubelet (docs/devices.md): the VFs (veth pairs in the node namespace with fixed MACs,
    /// their names the device IDs), the device plugin's device-info file of each, the VF-moving plugin in the sandbox's
    /// plugin directory, and the kubelet process serving the PodResources API (it needs the API server's kubeconfig).
    /// </summary>
    private async Task SetUpDevicesAsync(CancellationToken cancellationToken)
    {
        var node = VfNode;
        progress($"VFs {string.Join(", ", topology.Vfs)} ({SandboxTopology.VfResource}: veth pairs in {topology.NodeNamespace}), device-info files in {Path.Combine(topology.DeviceInfoDir, "dp")}");
        Directory.CreateDirectory(Path.Combine(topology.DeviceInfoDir, "dp"));
        for (var i = 0; i < SandboxTopology.VfCount; i++)
        {
            await node.IpAsync("link", "add", topology.Vf(i), "address", SandboxTopology.VfMac(i), "type", "veth", "peer", "name", topology.VfPeer(i)).ConfigureAwait(false);
            await node.IpAsync("link", "set", topology.VfPeer(i), "up").ConfigureAwait(false);
            await File.WriteAllTextAsync(DpFile(topology.Vf(i)), DeviceInfoJson(i), cancellationToken).ConfigureAwait(false);
        }

        SandboxVfPlugin.Write(topology.PluginDir);
        progress($"kubelet process (PodResources API v1 on {topology.PodResourcesSocket}, node {topology.NodeName}), log {topology.KubeletLogFile}");
        await Kubelet.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Node 0, whose device plugin and kubelet the sandbox plays: the VFs live in its namespace.</summary>
    private NetworkNamespace VfNode => NetworkNamespace.Existing(topology.NodeNamespace);

    /// <summary>The device plugin's device-info file of a VF (NPWG device-info 1.1.0, type pci).</summary>
    internal static string DeviceInfoJson(int index) =>
        $$$"""{"type":"pci","version":"1.1.0","pci":{"pci-address":"{{{SandboxTopology.VfPciAddress(index)}}}"}}""";

    internal string DpFile(string vf) => Multi.Core.Devices.DeviceInfoPaths.DpFile(topology.DeviceInfoDir, SandboxTopology.VfResource, vf);

    /// <summary>
    /// After every DEL: stops the kubelet process and deletes the VFs still in the node (a VF still in a pod is reported by
    /// the pod's DEL check); the device-info files go with the state directory. Adds what could not be removed.
    /// </summary>
    private async Task TearDownDevicesAsync(List<string> leftovers)
    {
        progress("stopping the kubelet process");
        if (!await Kubelet.StopAsync().ConfigureAwait(false))
        {
            leftovers.Add("the kubelet process did not stop");
        }

        File.Delete(topology.PodResourcesSocket);
        if (!VfNode.Exists)
        {
            return;
        }

        foreach (var vf in topology.Vfs)
        {
            if ((await VfNode.ExecAsync("ip", "link", "show", vf).ConfigureAwait(false)).Succeeded)
            {
                await VfNode.IpAsync("link", "del", vf).ConfigureAwait(false);
            }
        }
    }

    /// <summary>What <c>down</c> must not leave of the devices: the kubelet process.</summary>
    private IEnumerable<string> DeviceLeftovers() =>
        Kubelet.Survivors().Select(pid => $"the kubelet process {pid} (pid file {topology.KubeletPidFile}) is still running");

    /// <summary>
    /// Every network-status entry with <c>device-info</c> of the pods, with the device ID the sandbox's kubelet reports for
    /// the pod (asked through multi's own PodResources client; the pod's VF attachments take its IDs in order, as multi
    /// assigns them).
    /// </summary>
    private async Task<IReadOnlyList<DeviceAttachment>> ReadDeviceAttachmentsAsync(IKubernetes client, IEnumerable<SandboxPod> pods, CancellationToken cancellationToken)
    {
        var result = new List<DeviceAttachment>();
        foreach (var pod in pods)
        {
            var entries = await DeviceEntriesAsync(client, pod, cancellationToken).ConfigureAwait(false);
            if (entries.Count == 0)
            {
                continue;
            }

            var (ids, problem) = await KubeletDevicesAsync(pod, cancellationToken).ConfigureAwait(false);
            result.AddRange(entries.Select((e, i) => new DeviceAttachment(
                pod.Display,
                (string?)e["name"] ?? string.Empty,
                (string?)e["interface"] ?? string.Empty,
                (string?)e["mac"],
                i < ids.Count ? ids[i] : null,
                e["device-info"]!.ToJsonString(),
                problem ?? (i < ids.Count ? null : "the kubelet reports no device for it"))));
        }

        return result;
    }

    private static async Task<IReadOnlyList<JsonObject>> DeviceEntriesAsync(IKubernetes client, SandboxPod pod, CancellationToken cancellationToken)
    {
        try
        {
            var current = await client.CoreV1.ReadNamespacedPodAsync(pod.Name, pod.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            string? status = null;
            current.Metadata.Annotations?.TryGetValue(PodNetworks.NetworkStatusAnnotation, out status);
            return status is null ? [] : (JsonNode.Parse(status) as JsonArray ?? []).OfType<JsonObject>().Where(e => e["device-info"] is JsonObject).ToList();
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return [];
        }
    }

    private async Task<(IReadOnlyList<string> Ids, string? Problem)> KubeletDevicesAsync(SandboxPod pod, CancellationToken cancellationToken)
    {
        var source = new PodResourcesSource(topology.PodResourcesSocket, KubeletCallTimeout, Time);
        try
        {
            var devices = await source.ReadAsync(new DevicePod(pod.Namespace, pod.Name, pod.Uid), cancellationToken).ConfigureAwait(false);
            return devices is null ? ([], $"{source.Name} does not know the pod") : (devices.For(SandboxTopology.VfResource), null);
        }
        catch (DeviceSourceException ex)
        {
            return ([], ex.Message);
        }
    }
}
