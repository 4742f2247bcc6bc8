using System.Text.Json.Nodes;
using Multi.Core.Networks;

namespace Multi.Core.Validation;

/// <summary>
/// Per-plugin rules of a NAD's config for the plugins Multi renders (host-interfaces.md, sections 2 and 10). Plugins of
/// other types are only checked for a usable <c>type</c> and, when present, <c>ipam</c>.
/// </summary>
internal static class NadPluginChecks
{
    public static void Check(JsonObject plugin, string path, bool hasResource, ICollection<NadProblem> problems)
    {
        var type = JsonFields.String(plugin, "type", path, problems);
        if (string.IsNullOrEmpty(type))
        {
            problems.Add(new NadProblem($"{path}.type", "type is required (a non-empty string)"));
            return;
        }

        if (type.Contains('/', StringComparison.Ordinal) || type.Contains('\\', StringComparison.Ordinal))
        {
            problems.Add(new NadProblem($"{path}.type", $"type \"{type}\" must not contain '/' or '\\'"));
        }

        switch (type)
        {
            case ClusterNetworkTypes.Macvlan or ClusterNetworkTypes.Ipvlan:
                Link(plugin, "master", path, required: false, problems);
                Mode(plugin, type, path, problems);
                Mtu(plugin, path, problems);
                break;
            case ClusterNetworkTypes.Vlan:
                Link(plugin, "master", path, required: true, problems);
                if (plugin["vlanId"] is null)
                {
                    problems.Add(new NadProblem($"{path}.vlanId", "vlanId is required by the vlan plugin"));
                }

                JsonFields.Range(plugin, "vlanId", path, 1, 4094, problems);
                Mtu(plugin, path, problems);
                break;
            case ClusterNetworkTypes.Bridge:
                Link(plugin, "bridge", path, required: false, problems);
                JsonFields.Range(plugin, "vlan", path, 0, 4094, problems, " (0 is untagged)");
                Mtu(plugin, path, problems);
                break;
            case ClusterNetworkTypes.HostDevice:
                HostDevice(plugin, path, hasResource, problems);
                break;
            case ClusterNetworkTypes.Sriov:
                Sriov(plugin, path, problems);
                break;
        }

        if (JsonFields.Object(plugin, "ipam", path, problems) is { } ipam)
        {
            IpamConfigChecks.Check(ipam, $"{path}.ipam", problems);
        }
    }

    private static void Link(JsonObject plugin, string key, string path, bool required, ICollection<NadProblem> problems)
    {
        var name = JsonFields.String(plugin, key, path, problems);
        if (name is null ? required && plugin[key] is null : !LinkNames.IsValid(name))
        {
            problems.Add(new NadProblem($"{path}.{key}", name is null
                ? $"{key} is required"
                : $"{key} \"{name}\" is not an interface name ({LinkNames.Rule})"));
        }
    }

    private static void Mode(JsonObject plugin, string type, string path, ICollection<NadProblem> problems)
    {
        var modes = ClusterNetworkTypes.ModesOf(type);
        if (JsonFields.String(plugin, "mode", path, problems) is { } mode && !modes.Contains(mode))
        {
            problems.Add(new NadProblem($"{path}.mode", $"mode \"{mode}\" is not a {type} mode ({string.Join(", ", modes)})"));
        }
    }

    /// <summary>0 lets the plugin choose; otherwise 68 (the IPv4 minimum) to 65535.</summary>
    private static void Mtu(JsonObject plugin, string path, ICollection<NadProblem> problems)
    {
        if (JsonFields.Integer(plugin, "mtu", path, problems) is { } mtu && mtu != 0 && mtu is < 68 or > 65535)
        {
            problems.Add(new NadProblem($"{path}.mtu", $"mtu {mtu} is outside 68–65535 (0 lets the plugin choose)"));
        }
    }

    private static void HostDevice(JsonObject plugin, string path, bool hasResource, ICollection<NadProblem> problems)
    {
        Link(plugin, "device", path, required: false, problems);
        var selectors = new[] { "device", "hwaddr", "kernelpath", "pciBusID" }.Count(k => plugin[k] is not null);
        if (selectors == 0 && !hasResource)
        {
            problems.Add(new NadProblem($"{path}.device", "host-device needs one of device, hwaddr, kernelpath or pciBusID (or a resourceName annotation)"));
        }
    }

    /// <summary>host-interfaces.md, section 10 (resourceName is checked on the NAD).</summary>
    private static void Sriov(JsonObject plugin, string path, ICollection<NadProblem> problems)
    {
        var vlan = JsonFields.Range(plugin, "vlan", path, 0, 4094, problems, " (0 is untagged)");
        if (JsonFields.Range(plugin, "vlanQoS", path, 0, 7, problems) is > 0 && vlan is null or 0)
        {
            problems.Add(new NadProblem($"{path}.vlanQoS", "vlanQoS needs a non-zero vlan"));
        }

        if (JsonFields.String(plugin, "vlanProto", path, problems) is { } proto && !proto.ToLowerInvariant().Equals("802.1q") && !proto.ToLowerInvariant().Equals("802.1ad"))
        {
            problems.Add(new NadProblem($"{path}.vlanProto", $"vlanProto \"{proto}\" is not 802.1q or 802.1ad"));
        }

        if (JsonFields.String(plugin, "link_state", path, problems) is { } state && state is not ("auto" or "enable" or "disable"))
        {
            problems.Add(new NadProblem($"{path}.link_state", $"link_state \"{state}\" is not auto, enable or disable"));
        }

        foreach (var key in new[] { "spoofchk", "trust" })
        {
            if (JsonFields.String(plugin, key, path, problems) is { } flag && flag is not ("on" or "off"))
            {
                problems.Add(new NadProblem($"{path}.{key}", $"{key} \"{flag}\" is not on or off"));
            }
        }

        var min = JsonFields.Range(plugin, "min_tx_rate", path, 0, int.MaxValue, problems);
        var max = JsonFields.Range(plugin, "max_tx_rate", path, 0, int.MaxValue, problems);
        if (min is { } low && max is { } high && high != 0 && low > high)
        {
            problems.Add(new NadProblem($"{path}.min_tx_rate", $"min_tx_rate {low} is above max_tx_rate {high}"));
        }
    }
}
