using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Multi.Core.Delegates;

namespace Multi.Core.Devices;

/// <summary>
/// Writes an allocated device into a delegate (host-interfaces.md, section 10; npwg-behaviour.md, section 7): top-level
/// <c>deviceID</c> and <c>pciBusID</c> keys in every plugin of the list (host-device selects its device by <c>pciBusID</c>,
/// sriov-cni by <c>deviceID</c>), replacing values the NAD had.
/// </summary>
public static class DeviceInjection
{
    public const string DeviceIdKey = "deviceID";
    public const string PciBusIdKey = "pciBusID";

    public static NetworkConfigList WithDevice(NetworkConfigList network, string deviceId)
    {
        var plugins = ImmutableArray.CreateBuilder<JsonObject>(network.Plugins.Length);
        foreach (var original in network.Plugins)
        {
            var plugin = (JsonObject)original.DeepClone();
            plugin[DeviceIdKey] = deviceId;
            plugin[PciBusIdKey] = deviceId;
            plugins.Add(plugin);
        }

        return network with { Plugins = plugins.MoveToImmutable() };
    }
}
