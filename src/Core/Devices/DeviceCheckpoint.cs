using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Cni;

namespace Multi.Core.Devices;

/// <summary>
/// Reads the kubelet's device-manager checkpoint (<c>/var/lib/kubelet/device-plugins/kubelet_internal_checkpoint</c>,
/// host-interfaces.md, section 10): <c>{"Data":{"PodDeviceEntries":[{"PodUID","ContainerName","ResourceName","DeviceIDs"}],
/// "RegisteredDevices":{…}},"Checksum":n}</c>. <c>DeviceIDs</c> is a flat list (kubelets before 1.20) or a map from NUMA
/// node to list (<c>{"0":[…],"1":[…]}</c>, <c>"-1"</c> without topology), read in ascending node order. The checksum is the
/// kubelet's hash of its Go structure and is not verified; any structural problem is an error naming it.
/// </summary>
public static class DeviceCheckpoint
{
    public const string DefaultPath = "/var/lib/kubelet/device-plugins/kubelet_internal_checkpoint";

    public static Outcome<ImmutableArray<DeviceCheckpointEntry>> Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            if (Json.Parse(utf8) is not JsonObject root)
            {
                return Corrupt("not a JSON object");
            }

            if (root["Data"] is not JsonObject data)
            {
                return Corrupt("\"Data\" is missing or not an object");
            }

            if (data["PodDeviceEntries"] is null)
            {
                return Outcome<ImmutableArray<DeviceCheckpointEntry>>.Ok([]);
            }

            if (data["PodDeviceEntries"] is not JsonArray entries)
            {
                return Corrupt("\"Data.PodDeviceEntries\" is not an array");
            }

            return Outcome<ImmutableArray<DeviceCheckpointEntry>>.Ok([.. entries.Select((e, i) => Entry(e, i))]);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return Corrupt(ex.Message);
        }
    }

    /// <summary>The devices of the pod with <paramref name="podUid"/>, entries in file order.</summary>
    public static ResourceDevices ForPod(ImmutableArray<DeviceCheckpointEntry> entries, string podUid, string source) =>
        ResourceDevices.Collect(entries.Where(e => e.PodUid == podUid).Select(e => (e.ResourceName, (IEnumerable<string>)e.DeviceIds)), source);

    private static DeviceCheckpointEntry Entry(JsonNode? node, int index)
    {
        var what = $"\"Data.PodDeviceEntries[{index}]\"";
        var entry = node as JsonObject ?? throw new FormatException($"{what} is not an object");
        string Field(string key) => Json.GetString(entry, key) is { Length: > 0 } value ? value : throw new FormatException($"{what}.{key} is missing or empty");
        return new DeviceCheckpointEntry(Field("PodUID"), Json.GetString(entry, "ContainerName") ?? string.Empty, Field("ResourceName"), DeviceIds(entry["DeviceIDs"], $"{what}.DeviceIDs"));
    }

    private static ImmutableArray<string> DeviceIds(JsonNode? node, string what) => node switch
    {
        null => [],
        JsonArray flat => Strings(flat, what),
        JsonObject perNode => [.. perNode
            .Select(p => (Node: NumaNode(p.Key, what), Ids: p.Value as JsonArray ?? throw new FormatException($"{what}[\"{p.Key}\"] is not an array")))
            .OrderBy(p => p.Node)
            .SelectMany(p => Strings(p.Ids, $"{what}[\"{p.Node}\"]"))],
        _ => throw new FormatException($"{what} is neither a list nor a map of NUMA node to list"),
    };

    private static long NumaNode(string key, string what) =>
        long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var node)
            ? node
            : throw new FormatException($"{what} has the key \"{key}\", which is not a NUMA node number");

    private static ImmutableArray<string> Strings(JsonArray array, string what) =>
        [.. array.Select((n, i) => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new FormatException($"{what}[{i}] is not a string"))];

    private static Outcome<ImmutableArray<DeviceCheckpointEntry>> Corrupt(string why) =>
        Outcome<ImmutableArray<DeviceCheckpointEntry>>.Fail(CniErrorCode.IoFailure, $"the kubelet device checkpoint is unusable: {why}");
}
