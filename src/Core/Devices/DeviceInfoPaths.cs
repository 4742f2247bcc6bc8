namespace Multi.Core.Devices;

/// <summary>
/// Where NPWG device-info files live (device-info specification 1.1.0; host-interfaces.md, section 10), under a base
/// directory (default <see cref="DefaultBaseDir"/>): the device plugin's <c>dp/&lt;resource&gt;-&lt;deviceID&gt;-device.json</c>
/// and the CNI file <c>cni/&lt;namespace&gt;-&lt;nad&gt;-&lt;containerID&gt;_&lt;ifname&gt;</c>, with every <c>/</c> in a part
/// replaced by <c>-</c> so that each file name is one path component.
/// </summary>
public static class DeviceInfoPaths
{
    public const string DefaultBaseDir = "/var/run/k8s.cni.cncf.io/devinfo";

    public static string DpFile(string baseDir, string resourceName, string deviceId) =>
        Path.Combine(baseDir, "dp", $"{Flat(resourceName)}-{Flat(deviceId)}-device.json");

    /// <param name="network">The NAD as <c>namespace/name</c>.</param>
    public static string CniFile(string baseDir, string network, string containerId, string ifName) =>
        Path.Combine(CniDir(baseDir), $"{Flat(network)}-{Flat(containerId)}_{Flat(ifName)}");

    public static string CniDir(string baseDir) => Path.Combine(baseDir, "cni");

    /// <summary>Whether a file name in <see cref="CniDir"/> belongs to <paramref name="containerId"/>.</summary>
    public static bool BelongsTo(string fileName, string containerId) => fileName.Contains($"-{Flat(containerId)}_", StringComparison.Ordinal);

    private static string Flat(string part) => part.Replace('/', '-');
}
