using Multi.Cni.State;
using Multi.Core.Devices;

namespace Multi.Cni.Devices;

/// <summary>
/// The kubelet's device-manager checkpoint file, matched on the pod UID (host-interfaces.md, section 10): the fallback when
/// the PodResources API cannot be read. Read with a size bound; the parser is <see cref="DeviceCheckpoint"/>.
/// </summary>
internal sealed class CheckpointSource(string path) : IDeviceSource
{
    public const int MaxBytes = PodResourcesSource.MaxMessageBytes;

    public string Name => $"the kubelet device checkpoint {path}";

    public Task<ResourceDevices?> ReadAsync(DevicePod pod, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(pod.Uid))
        {
            throw new DeviceSourceException($"{Name} is matched on the pod UID, and the UID of pod {pod.QualifiedName} is unknown");
        }

        byte[] bytes;
        try
        {
            bytes = CallerFile.ReadAllBytes(path, MaxBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DeviceSourceException($"{Name} cannot be read: {ex.Message}", ex);
        }

        var entries = DeviceCheckpoint.Parse(bytes);
        if (!entries.IsOk)
        {
            throw new DeviceSourceException($"{Name}: {entries.Error.Msg}");
        }

        return Task.FromResult<ResourceDevices?>(entries.Value.Any(e => e.PodUid == pod.Uid) ? DeviceCheckpoint.ForPod(entries.Value, pod.Uid, Name) : null);
    }
}
