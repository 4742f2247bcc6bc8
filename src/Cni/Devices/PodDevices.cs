using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Multi.Cni.Logging;
using Multi.Cni.Networks;
using Multi.Cni.Pods;
using Multi.Core.Config;
using Multi.Core.Devices;

namespace Multi.Cni.Devices;

/// <summary>
/// The device step of ADD (npwg-behaviour.md, section 12): the kubelet is asked only when an attachment's NAD names a
/// <c>resourceName</c>, so pods without one pay nothing; then <see cref="DeviceAssigner"/> hands out the devices, failing
/// the ADD before any delegate runs when one is missing.
/// </summary>
internal static class PodDevices
{
    public static DeviceLookup Lookup(MetaPluginConfig config, TimeProvider clock, ILogger logger) => new(
        [new PodResourcesSource(config.PodResourcesSocket, config.PodResourcesTimeout, clock), new CheckpointSource(config.DeviceCheckpointFile)],
        logger);

    public static async Task<ImmutableArray<DeviceAssignment?>> AssignAsync(AttachmentPlan plan, PodInfo pod, DeviceLookup lookup, ILogger logger, CancellationToken ct)
    {
        var requests = plan.Attachments.Select(a => new DeviceRequest(
            a.Position,
            $"network {plan.Inputs[a.Position].StatusName} ({a.IfName})",
            plan.Inputs[a.Position].ResourceName,
            a.Position == 0 ? null : plan.Inputs[a.Position].Selection?.DeviceId)).ToList();
        var found = requests.Any(r => r.ResourceName is not null)
            ? await lookup.ReadAsync(new DevicePod(pod.Namespace, pod.Name, pod.Uid), ct).ConfigureAwait(false)
            : new DeviceLookup.Result(null, null);
        var assigned = DeviceAssigner.Assign(requests, found.Devices, found.Failure, pod.ResourceRequests, pod.QualifiedName).Unwrap();
        foreach (var (request, device) in requests.Zip(assigned))
        {
            if (device is { ResourceName: { } resource })
            {
                logger.DeviceAssigned(request.Label, device.DeviceId, resource);
            }
        }

        return assigned;
    }
}
