using System.Collections.Immutable;

namespace Multi.Core.Devices;

/// <summary>
/// The device-plugin devices of one pod, per resource name, in the order the kubelet reported them (containers in order,
/// each container's devices in order). <see cref="Source"/> names where they came from, for messages and logs.
/// </summary>
public sealed record ResourceDevices(ImmutableDictionary<string, ImmutableArray<string>> ByResource, string Source)
{
    public static ResourceDevices Empty(string source) => new(ImmutableDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal), source);

    public ImmutableArray<string> For(string resourceName) => ByResource.TryGetValue(resourceName, out var ids) ? ids : [];

    /// <summary>
    /// Collects (resource, device IDs) pairs in order; IDs of one resource are appended, an ID seen twice is kept once, and a
    /// resource without any ID is left out.
    /// </summary>
    public static ResourceDevices Collect(IEnumerable<(string Resource, IEnumerable<string> DeviceIds)> pairs, string source)
    {
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (resource, ids) in pairs)
        {
            if (string.IsNullOrEmpty(resource))
            {
                continue;
            }

            if (!map.TryGetValue(resource, out var list))
            {
                map[resource] = list = [];
            }

            list.AddRange(ids.Where(id => !string.IsNullOrEmpty(id) && !list.Contains(id, StringComparer.Ordinal)));
        }

        return new ResourceDevices(map.Where(p => p.Value.Count > 0).ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal), source);
    }
}
