using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Core.Delegates;

namespace Multi.Core.Annotations;

/// <summary>
/// What a <c>networks</c> annotation element adds to its delegate's inputs (npwg-behaviour.md, section 7):
/// capability arguments, extra <c>CNI_ARGS</c> pairs and <c>args.cni</c>. The cluster network gets none of it.
/// </summary>
public static class DelegateInputs
{
    public const string CniArgsMac = "MAC";
    public const string CniArgsIp = "IP";

    /// <summary>
    /// The runtime config for an attachment. For the cluster network (<paramref name="selection"/> null) a copy of the
    /// runtime's; for a secondary one the runtime's overridden by the element's <c>portMappings</c>, <c>bandwidth</c>,
    /// <c>ips</c>, <c>mac</c>, <c>infinibandGUID</c> and <c>deviceID</c> (the device-plugin allocation before the
    /// element's), plus <c>CNIDeviceInfoFile</c> whenever a device ID is known and a file path is given. An allocated device
    /// reaches the cluster network too (a cluster network NAD with a <c>resourceName</c>).
    /// </summary>
    public static JsonObject? RuntimeConfig(JsonObject? runtimeConfig, NetworkSelection? selection, string? allocatedDeviceId = null, string? deviceInfoFile = null)
    {
        var config = (JsonObject?)runtimeConfig?.DeepClone();
        if (selection is null && string.IsNullOrEmpty(allocatedDeviceId))
        {
            return config;
        }

        config ??= [];
        if (selection is not null)
        {
            Override(config, "portMappings", selection.PortMappings?.DeepClone());
            Override(config, "bandwidth", selection.Bandwidth?.DeepClone());
            Override(config, "ips", selection.Ips.IsEmpty ? null : new JsonArray([.. selection.Ips.Select(ip => (JsonNode)JsonValue.Create(ip))]));
            Override(config, "mac", selection.Mac is null ? null : JsonValue.Create(selection.Mac));
            Override(config, "infinibandGUID", selection.InfinibandGuid is null ? null : JsonValue.Create(selection.InfinibandGuid));
        }

        var deviceId = string.IsNullOrEmpty(allocatedDeviceId) ? selection?.DeviceId : allocatedDeviceId;
        Override(config, "deviceID", deviceId is null ? null : JsonValue.Create(deviceId));
        if (deviceId is not null && !string.IsNullOrEmpty(deviceInfoFile))
        {
            Override(config, "CNIDeviceInfoFile", JsonValue.Create(deviceInfoFile));
        }

        return config.Count == 0 && runtimeConfig is null ? null : config;
    }

    /// <summary>
    /// <c>MAC=&lt;mac&gt;</c> and <c>IP=&lt;ip1&gt;,&lt;ip2&gt;</c> when requested, for <see cref="CniArgs.ForDelegate"/>.
    /// </summary>
    public static ImmutableArray<KeyValuePair<string, string>> CniArgsExtras(NetworkSelection? selection)
    {
        var extras = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        if (selection?.Mac is { } mac)
        {
            extras.Add(new(CniArgsMac, mac));
        }

        if (selection is { Ips.IsEmpty: false })
        {
            extras.Add(new(CniArgsIp, string.Join(',', selection.Ips)));
        }

        return extras.ToImmutable();
    }

    /// <summary>
    /// Merges the element's <c>cni-args</c> and <c>ipam-claim-reference</c> into <c>args.cni</c> of every plugin;
    /// <c>args</c> and <c>args.cni</c> are created when missing and element keys overwrite. A plugin whose
    /// <c>args</c> or <c>args.cni</c> is not an object cannot take them (code 104).
    /// </summary>
    public static Outcome<NetworkConfigList> WithCniArgs(NetworkConfigList network, NetworkSelection selection)
    {
        var additions = (JsonObject?)selection.CniArgs?.DeepClone() ?? [];
        if (selection.IpamClaimReference is { } claim)
        {
            additions["ipam-claim-reference"] = claim;
        }

        if (additions.Count == 0)
        {
            return Outcome<NetworkConfigList>.Ok(network);
        }

        var plugins = ImmutableArray.CreateBuilder<JsonObject>(network.Plugins.Length);
        foreach (var original in network.Plugins)
        {
            var plugin = (JsonObject)original.DeepClone();
            var args = plugin["args"] ?? (plugin["args"] = new JsonObject());
            if (args is not JsonObject argsObject || (argsObject["cni"] ?? (argsObject["cni"] = new JsonObject())) is not JsonObject cni)
            {
                return Outcome<NetworkConfigList>.Fail(
                    CniErrorCode.NadUnusable,
                    $"network {selection.QualifiedName}: cannot merge cni-args: plugin \"{Json.GetString(plugin, "type")}\" has \"args\" or \"args.cni\" that is not an object");
            }

            foreach (var (key, value) in additions)
            {
                cni[key] = value?.DeepClone();
            }

            plugins.Add(plugin);
        }

        return Outcome<NetworkConfigList>.Ok(network with { Plugins = plugins.MoveToImmutable() });
    }

    /// <summary>Sets <paramref name="key"/>, removing members that differ only in case (containerd sends PascalCase).</summary>
    private static void Override(JsonObject config, string key, JsonNode? value)
    {
        if (value is null)
        {
            return;
        }

        foreach (var existing in config.Select(p => p.Key).Where(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            config.Remove(existing);
        }

        config[key] = value;
    }
}
