using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Cni;

namespace Multi.Core.Devices;

/// <summary>
/// Checks an NPWG device-info file (specification 1.1.0) and returns it as <c>network-status</c> carries it under
/// <c>device-info</c>: the members Multus's structure has, in its order (<c>type</c>, <c>version</c>, <c>pci</c>,
/// <c>vdpa</c>, <c>vhost-user</c>, <c>memif</c>, each with its own keys in order), empty strings and unknown keys left out.
/// <c>type</c> must be <c>pci</c>, <c>vdpa</c>, <c>vhost-user</c> or <c>memif</c> and <c>version</c> present; a pci device
/// needs <c>pci.pci-address</c>; enumerated values (vdpa <c>driver</c>, vhost-user <c>mode</c>, memif <c>role</c> and
/// <c>mode</c>) must be one of theirs. Errors (code 101) name the file and the problem.
/// </summary>
public static class DeviceInfo
{
    private static readonly (string Type, string[] Keys)[] Shapes =
    [
        ("pci", ["pci-address", "vhost-net", "rdma-device", "pf-pci-address", "representor-device"]),
        ("vdpa", ["parent-device", "driver", "path", "pci-address", "pf-pci-address", "representor-device"]),
        ("vhost-user", ["mode", "path"]),
        ("memif", ["role", "path", "mode"]),
    ];

    private static readonly Dictionary<(string Type, string Key), string[]> Allowed = new()
    {
        [("vdpa", "driver")] = ["vhost", "virtio"],
        [("vhost-user", "mode")] = ["client", "server"],
        [("memif", "role")] = ["master", "slave"],
        [("memif", "mode")] = ["ethernet", "ip", "inject-punt"],
    };

    public static Outcome<JsonObject> Parse(ReadOnlySpan<byte> utf8, string file)
    {
        try
        {
            return Outcome<JsonObject>.Ok(Normalise(Json.Parse(utf8) as JsonObject ?? throw new FormatException("it is not a JSON object")));
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return Outcome<JsonObject>.Fail(CniErrorCode.DelegateFailed, $"device-info file {file} is unusable: {ex.Message}");
        }
    }

    private static JsonObject Normalise(JsonObject raw)
    {
        var type = Json.GetString(raw, "type");
        if (string.IsNullOrEmpty(type) || !Shapes.Any(s => s.Type == type))
        {
            throw new FormatException($"\"type\" is {(type is null ? "missing" : $"\"{type}\"")}; it must be pci, vdpa, vhost-user or memif");
        }

        var version = Json.GetString(raw, "version");
        if (string.IsNullOrEmpty(version))
        {
            throw new FormatException("\"version\" is missing");
        }

        var result = new JsonObject { ["type"] = type, ["version"] = version };
        foreach (var (name, keys) in Shapes)
        {
            if (raw[name] is null)
            {
                continue;
            }

            var section = raw[name] as JsonObject ?? throw new FormatException($"\"{name}\" must be an object");
            var kept = new JsonObject();
            foreach (var key in keys)
            {
                if (Json.GetString(section, key) is { Length: > 0 } value)
                {
                    CheckAllowed(name, key, value);
                    kept[key] = value;
                }
            }

            if (kept.Count > 0)
            {
                result[name] = kept;
            }
        }

        if (type == "pci" && result["pci"]?["pci-address"] is null)
        {
            throw new FormatException("a pci device needs \"pci\".\"pci-address\"");
        }

        return result;
    }

    private static void CheckAllowed(string section, string key, string value)
    {
        if (Allowed.TryGetValue((section, key), out var allowed) && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new FormatException($"\"{section}\".\"{key}\" is \"{value}\"; it must be {string.Join(" or ", allowed)}");
        }
    }
}
