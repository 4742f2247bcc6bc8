using Grpc.Core;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Multi.Cni.Devices.PodResources;

namespace Multi.Sandbox.Local;

/// <summary>
/// The kubelet's PodResources API v1 as the sandbox's node offers it (served by <see cref="KubeletServeCommand"/>): before
/// each answer it lists the pods bound to <paramref name="node"/> from the API server and lets the
/// <paramref name="allocator"/> give the pods asking for <paramref name="resource"/> their devices, as the device plugin
/// and the kubelet's device manager do at admission. <c>Get</c> answers for one pod (NotFound for a pod not on the node),
/// <c>List</c> for every pod of the node, <c>GetAllocatableResources</c> the pool.
/// </summary>
internal sealed class KubeletService(IKubernetes client, string node, string resource, KubeletDeviceAllocator allocator, ILogger<KubeletService> logger)
    : PodResourcesLister.PodResourcesListerBase
{
    public override async Task<GetPodResourcesResponse> Get(GetPodResourcesRequest request, ServerCallContext context)
    {
        var pods = await SyncAsync(context.CancellationToken).ConfigureAwait(false);
        var display = $"{request.PodNamespace}/{request.PodName}";
        if (pods.FirstOrDefault(p => p.Namespace == request.PodNamespace && p.Name == request.PodName) is not { } pod)
        {
            logger.PodNotFound(display, node);
            throw new RpcException(new Status(StatusCode.NotFound, $"pod {display} is not on node {node}"));
        }

        var answer = Resources(pod);
        logger.AnsweredGet(display, Describe(answer));
        return new GetPodResourcesResponse { PodResources = answer };
    }

    public override async Task<ListPodResourcesResponse> List(ListPodResourcesRequest request, ServerCallContext context)
    {
        var pods = await SyncAsync(context.CancellationToken).ConfigureAwait(false);
        var answer = new ListPodResourcesResponse();
        answer.PodResources.AddRange(pods.Select(Resources));
        logger.AnsweredList(pods.Count);
        return answer;
    }

    public override Task<AllocatableResourcesResponse> GetAllocatableResources(AllocatableResourcesRequest request, ServerCallContext context)
    {
        var answer = new AllocatableResourcesResponse();
        answer.Devices.Add(new ContainerDevices { ResourceName = resource, DeviceIds = { allocator.Pool } });
        return Task.FromResult(answer);
    }

    /// <summary>The node's pods from the API, allocated; an API failure is Unavailable (multi then reads the checkpoint).</summary>
    private async Task<IReadOnlyList<KubeletPod>> SyncAsync(CancellationToken cancellationToken)
    {
        V1PodList list;
        try
        {
            list = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName={node}", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException or TaskCanceledException)
        {
            logger.CannotListPods(node, ex.Message);
            throw new RpcException(new Status(StatusCode.Unavailable, $"cannot list the pods of node {node}: {ex.Message}"));
        }

        var pods = list.Items.Where(p => p.Status?.Phase is not ("Succeeded" or "Failed")).Select(ToKubeletPod).ToList();
        allocator.Sync(pods);
        return pods;
    }

    private KubeletPod ToKubeletPod(V1Pod pod)
    {
        var display = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
        var requests = (pod.Spec?.Containers ?? []).Select(c => (c.Name, Units(display, c))).ToList();
        var created = pod.Metadata.CreationTimestamp is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : DateTimeOffset.MinValue;
        return new KubeletPod(pod.Metadata.Uid, pod.Metadata.NamespaceProperty, pod.Metadata.Name, created, requests);
    }

    /// <summary>The container's units of the resource: its limit (an extended resource's request must equal it), else its request.</summary>
    private int Units(string pod, V1Container container)
    {
        ResourceQuantity? quantity = null;
        if (container.Resources?.Limits?.TryGetValue(resource, out quantity) != true)
        {
            container.Resources?.Requests?.TryGetValue(resource, out quantity);
        }

        if (quantity is null)
        {
            return 0;
        }

        try
        {
            var units = quantity.ToDecimal();
            if (units >= 0 && units == decimal.Truncate(units) && units <= int.MaxValue)
            {
                return (int)units;
            }
        }
        catch (FormatException)
        {
            // reported below
        }

        logger.UnusableQuantity(pod, container.Name, resource, quantity.ToString());
        return 0;
    }

    private PodResources Resources(KubeletPod pod)
    {
        var devices = allocator.DevicesOf(pod.Uid);
        var answer = new PodResources { Namespace = pod.Namespace, Name = pod.Name };
        foreach (var (container, _) in pod.Requests)
        {
            var resources = new ContainerResources { Name = container };
            foreach (var (_, ids) in devices.Where(d => d.Container == container))
            {
                resources.Devices.Add(new ContainerDevices { ResourceName = resource, DeviceIds = { ids } });
            }

            answer.Containers.Add(resources);
        }

        return answer;
    }

    private static string Describe(PodResources pod)
    {
        var devices = pod.Containers.SelectMany(c => c.Devices.Select(d => $"{c.Name}: {d.ResourceName} {string.Join(',', d.DeviceIds)}")).ToList();
        return devices.Count == 0 ? "no devices" : string.Join("; ", devices);
    }
}
