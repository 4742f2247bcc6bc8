using Multi.Cni.State;
using Multi.Core.Cni;
using Multi.Core.Devices;
using Multi.Core.State;

namespace Multi.Cni.Devices;

/// <summary>
/// Device hygiene (host-interfaces.md, section 10): ADD and DEL are serialised per device on the node, and a DEL resets
/// a device only while the attachment cache shows it still belongs to the sandbox being deleted. Kubelet hands a device
/// to a new pod only after the old pod has gone, so when another sandbox's entry holds the same device and was written
/// after ours, the device has moved on: a late or repeated DEL of the old sandbox must not reset a VF that a live pod
/// now uses (sriov-cni #219). Only allocated devices (with a resource) are judged.
/// </summary>
internal static class DeviceHygiene
{
    /// <summary>Locks every allocated device of an ADD, in one order (no two ADDs can wait on each other); released together.</summary>
    public static async Task<IDisposable> LockAsync(
        AttachmentCacheStore cache, IEnumerable<DeviceAssignment?> devices, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        var held = new Held();
        try
        {
            foreach (var (resource, id) in devices.OfType<DeviceAssignment>().Where(d => d is { Allocated: true, ResourceName: not null })
                .Select(d => (d.ResourceName!, d.DeviceId)).Distinct().Order())
            {
                held.Add(await cache.LockDeviceAsync(resource, id, timeout, clock, cancellationToken).ConfigureAwait(false));
            }

            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>The lock of one cached attachment's device, or null when it has no allocated device.</summary>
    public static async Task<IDisposable?> LockAsync(
        AttachmentCacheStore cache, CachedAttachment attachment, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken) =>
        attachment is { DeviceId: { } id, ResourceName: { } resource }
            ? await cache.LockDeviceAsync(resource, id, timeout, clock, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>
    /// The sandbox (container ID and interface) the device of <paramref name="attachment"/> now belongs to when it is not
    /// the one being deleted: another entry holding the same device and resource, written at or after ours (or ours is
    /// gone). Null when the device is still this sandbox's, or the attachment has no allocated device.
    /// </summary>
    public static string? NewerHolder(AttachmentCacheStore cache, string network, string containerId, string ifName, CachedAttachment attachment)
    {
        if (attachment is not { DeviceId: { } device, ResourceName: { } resource })
        {
            return null;
        }

        var ours = cache.WrittenAt(network, containerId, ifName);
        foreach (var entry in cache.List(network).Entries)
        {
            if ((entry.ContainerId == containerId && entry.IfName == ifName)
                || !entry.Attachments.Any(a => a.State != AttachmentState.Deleted && a.DeviceId == device && a.ResourceName == resource))
            {
                continue;
            }

            if (ours is null || cache.WrittenAt(network, entry.ContainerId, entry.IfName) >= ours)
            {
                return $"{entry.ContainerId}/{entry.IfName}";
            }
        }

        return null;
    }

    private sealed class Held : IDisposable
    {
        private readonly List<IDisposable> locks = [];

        public void Add(IDisposable held) => locks.Add(held);

        public void Dispose()
        {
            for (var i = locks.Count - 1; i >= 0; i--)
            {
                locks[i].Dispose();
            }

            locks.Clear();
        }
    }
}
