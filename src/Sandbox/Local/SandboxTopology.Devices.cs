using System.Globalization;

namespace Multi.Sandbox.Local;

/// <summary>
/// The sandbox's device-plugin node (docs/devices.md): "VFs" (veth pairs in the node namespace whose names are the device
/// IDs, since a veth has no PCI address), the kubelet's PodResources socket the sandbox's kubelet process serves, the
/// device checkpoint path (never written: the sandbox's kubelet keeps its allocations in memory) and the device-info
/// base directory with the device plugin's files, all under <see cref="StateDir"/>.
/// </summary>
internal sealed partial record SandboxTopology
{
    /// <summary>The extended resource the VFs are offered as (config/samples/40-vf.yaml requests it).</summary>
    public const string VfResource = "example.com/vf";

    /// <summary>How many VFs <c>up</c> creates.</summary>
    public const int VfCount = 4;

    /// <summary>The script plugin that moves the VF named by <c>pciBusID</c> into the pod (the type of the sample NAD vf-net).</summary>
    public const string VfPluginType = "sandbox-vf";

    /// <summary>The VFs' names, <c>&lt;prefix&gt;-vf0</c>…: the device IDs the sandbox's kubelet allocates.</summary>
    public IReadOnlyList<string> Vfs => Enumerable.Range(0, VfCount).Select(Vf).ToList();

    public string Vf(int index) => $"{Prefix}-vf{index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The other end of a VF's veth pair; it stays in the node namespace.</summary>
    public string VfPeer(int index) => $"{Vf(index)}p";

    /// <summary>A VF's fixed MAC address, so that the pod's interface can be recognised as that VF.</summary>
    public static string VfMac(int index) => $"02:5f:00:00:00:{index.ToString("x2", CultureInfo.InvariantCulture)}";

    /// <summary>The PCI address a VF's device-plugin device-info file gives it.</summary>
    public static string VfPciAddress(int index) => $"0000:00:1f.{index.ToString(CultureInfo.InvariantCulture)}";

    public string KubeletDir => Path.Combine(StateDir, "kubelet");

    /// <summary>multi's <c>podResourcesSocket</c>: the sandbox's kubelet process serves the PodResources API here.</summary>
    public string PodResourcesSocket => Path.Combine(KubeletDir, "pod-resources", "kubelet.sock");

    /// <summary>multi's <c>deviceCheckpointFile</c>: does not exist (the fallback finds nothing; docs/devices.md).</summary>
    public string DeviceCheckpointFile => Path.Combine(KubeletDir, "device-plugins", "kubelet_internal_checkpoint");

    /// <summary>multi's <c>deviceInfoDir</c>: the device plugin's files in <c>dp/</c>, multi's copies in <c>cni/</c>.</summary>
    public string DeviceInfoDir => Path.Combine(StateDir, "devinfo");

    /// <summary>Plugins of the sandbox itself (the VF mover), on the runtime's CNI_PATH after the Debian plugins and artifacts/cni.</summary>
    public string PluginDir => Path.Combine(StateDir, "bin");

    public string KubeletPidFile => Path.Combine(StateDir, "kubelet.pid");

    public string KubeletLogFile => Path.Combine(StateDir, "kubelet.log");

    public string KubeletReadyFile => Path.Combine(StateDir, "kubelet.ready");
}
