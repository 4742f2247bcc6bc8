using Grpc.Core;
using Multi.Cni.Devices.PodResources;

namespace Multi.Cni.Tests.Devices;

/// <summary>
/// The kubelet's PodResources service as a test serves it: the pods and devices it reports, whether it offers <c>Get</c>
/// (older kubelets answer Unimplemented), and the calls it received.
/// </summary>
internal sealed class FakeKubelet : PodResourcesLister.PodResourcesListerBase
{
    private readonly List<PodResources> pods = [];
    private readonly List<string> calls = [];

    public bool OffersGet { get; set; } = true;

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (calls)
            {
                return [.. calls];
            }
        }
    }

    /// <summary>Reports <paramref name="devices"/> for the pod: (container, resource, device IDs) in order.</summary>
    public void Pod(string ns, string name, params (string Container, string Resource, string[] Ids)[] devices)
    {
        var pod = new PodResources { Namespace = ns, Name = name };
        foreach (var group in devices.GroupBy(d => d.Container))
        {
            var container = new ContainerResources { Name = group.Key };
            container.Devices.AddRange(group.Select(d => new ContainerDevices { ResourceName = d.Resource, DeviceIds = { d.Ids } }));
            pod.Containers.Add(container);
        }

        lock (pods)
        {
            pods.Add(pod);
        }
    }

    public override Task<ListPodResourcesResponse> List(ListPodResourcesRequest request, ServerCallContext context)
    {
        Record("List");
        var answer = new ListPodResourcesResponse();
        lock (pods)
        {
            answer.PodResources.AddRange(pods);
        }

        return Task.FromResult(answer);
    }

    public override Task<GetPodResourcesResponse> Get(GetPodResourcesRequest request, ServerCallContext context)
    {
        Record($"Get {request.PodNamespace}/{request.PodName}");
        if (!OffersGet)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "unknown method Get"));
        }

        lock (pods)
        {
            return pods.FirstOrDefault(p => p.Namespace == request.PodNamespace && p.Name == request.PodName) is { } pod
                ? Task.FromResult(new GetPodResourcesResponse { PodResources = pod })
                : throw new RpcException(new Status(StatusCode.Unknown, $"pod {request.PodName} not found"));
        }
    }

    private void Record(string call)
    {
        lock (calls)
        {
            calls.Add(call);
        }
    }
}
