using Microsoft.Extensions.Logging;
using Multi.Cni.Logging;
using Multi.Core.Devices;

namespace Multi.Cni.Devices;

/// <summary>
/// Reads a pod's devices from the first source that knows the pod (host-interfaces.md, section 10): the PodResources API,
/// then the checkpoint. A source that fails or does not list the pod is logged and the next one asked; when none answers,
/// <see cref="Result.Devices"/> is null and <see cref="Result.Failure"/> says what each source answered.
/// </summary>
internal sealed class DeviceLookup(IReadOnlyList<IDeviceSource> sources, ILogger logger)
{
    public sealed record Result(ResourceDevices? Devices, string? Failure);

    public async Task<Result> ReadAsync(DevicePod pod, CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var source in sources)
        {
            try
            {
                if (await source.ReadAsync(pod, ct).ConfigureAwait(false) is { } devices)
                {
                    logger.DevicesRead(pod.QualifiedName, source.Name, Describe(devices));
                    return new Result(devices, failures.Count == 0 ? null : string.Join("; ", failures));
                }

                failures.Add($"{source.Name} does not list pod {pod.QualifiedName}");
            }
            catch (DeviceSourceException ex)
            {
                failures.Add(ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failures.Add($"{source.Name} failed: {ex.GetType().Name}: {ex.Message}");
            }

            logger.DeviceSourceUnusable(pod.QualifiedName, failures[^1]);
        }

        return new Result(null, string.Join("; ", failures));
    }

    private static string Describe(ResourceDevices devices) => devices.ByResource.IsEmpty
        ? "none"
        : string.Join(", ", devices.ByResource.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}=[{string.Join(' ', p.Value)}]"));
}
