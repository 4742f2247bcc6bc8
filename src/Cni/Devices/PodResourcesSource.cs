using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Multi.Cni.Devices.PodResources;
using Multi.Core.Devices;

namespace Multi.Cni.Devices;

/// <summary>
/// The kubelet's PodResources API v1 over its Unix socket (gRPC, HTTP/2 without TLS): <c>Get</c> for the one pod, and
/// <c>List</c> where the kubelet does not offer <c>Get</c> (older kubelets answer Unimplemented; with the
/// <c>KubeletPodResourcesGet</c> feature gate off the kubelet answers Unknown). Matched on namespace and name; the devices of
/// each resource are collected across containers in the reported order. Every call, connection included, is bounded by
/// <paramref name="timeout"/> on <paramref name="clock"/>; answers are at most <see cref="MaxMessageBytes"/>.
/// </summary>
internal sealed class PodResourcesSource(string socketPath, TimeSpan timeout, TimeProvider clock) : IDeviceSource
{
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    public string Name => $"the kubelet PodResources API at {socketPath}";

    public async Task<ResourceDevices?> ReadAsync(DevicePod pod, CancellationToken ct)
    {
        if (!File.Exists(socketPath))
        {
            throw new DeviceSourceException($"{Name} is not available: the socket does not exist");
        }

        using var deadline = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        using var channel = Open();
        var client = new PodResourcesLister.PodResourcesListerClient(channel);
        try
        {
            var found = await FindAsync(client, pod, linked.Token).ConfigureAwait(false);
            return found is null ? null : ResourceDevices.Collect(
                found.Containers.SelectMany(c => c.Devices).Select(d => (d.ResourceName, (IEnumerable<string>)d.DeviceIds)),
                Name);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested && ex is RpcException or OperationCanceledException)
        {
            throw new DeviceSourceException($"{Name} did not answer within {timeout.TotalSeconds:0.#} s", ex);
        }
        catch (RpcException ex)
        {
            throw new DeviceSourceException($"{Name} failed: {ex.StatusCode}: {ex.Status.Detail}", ex);
        }
    }

    private static async Task<PodResources.PodResources?> FindAsync(PodResourcesLister.PodResourcesListerClient client, DevicePod pod, CancellationToken ct)
    {
        try
        {
            var answer = await client.GetAsync(new GetPodResourcesRequest { PodName = pod.Name, PodNamespace = pod.Namespace }, cancellationToken: ct).ConfigureAwait(false);
            if (answer.PodResources is { } resources && resources.Name == pod.Name && resources.Namespace == pod.Namespace)
            {
                return resources;
            }
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unimplemented or StatusCode.Unknown or StatusCode.NotFound && !ct.IsCancellationRequested)
        {
            // No Get on this kubelet (or the feature gate is off, or Get does not know the pod): List answers for every pod.
        }

        var list = await client.ListAsync(new ListPodResourcesRequest(), cancellationToken: ct).ConfigureAwait(false);
        return list.PodResources.FirstOrDefault(p => p.Name == pod.Name && p.Namespace == pod.Namespace);
    }

    private GrpcChannel Open()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        // The authority is never resolved: every connection goes through the callback to the socket.
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
        });
    }
}
