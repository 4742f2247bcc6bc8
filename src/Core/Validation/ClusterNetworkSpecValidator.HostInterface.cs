using System.Net;
using System.Net.Sockets;
using Multi.Core.Annotations;
using Multi.Core.Networks;

namespace Multi.Core.Validation;

/// <summary>hostInterface rules (host-interfaces.md, section 2). Parent MTUs are only known per node: the agent checks those.</summary>
public sealed partial class ClusterNetworkSpecValidator
{
    private static void CheckHostInterface(HostInterfaceSpec host, List<NadProblem> problems)
    {
        if (host.Vlan is null && host.Vxlan is null && host.Bridge is null)
        {
            problems.Add(new("hostInterface", "hostInterface needs vlan, vxlan or bridge"));
        }

        if (host.Vlan is not null && host.Vxlan is not null)
        {
            problems.Add(new("hostInterface", "hostInterface.vlan and hostInterface.vxlan are exclusive"));
        }

        if (host.Mtu is { } mtu && mtu != 0 && mtu is < 68 or > 65535)
        {
            problems.Add(new("hostInterface.mtu", $"hostInterface.mtu {mtu} is outside 68–65535 (0 or absent derives it from the parent)"));
        }

        if (host.Vlan is { } vlan)
        {
            CheckVlan(vlan, problems);
        }

        if (host.Vxlan is { } vxlan)
        {
            CheckVxlan(vxlan, problems);
        }

        if (host.Bridge?.Name is { } name && !LinkNames.IsValid(name))
        {
            problems.Add(new("hostInterface.bridge.name", $"hostInterface.bridge.name \"{name}\" is not an interface name ({LinkNames.Rule})"));
        }
    }

    private static void CheckVlan(VlanInterfaceSpec vlan, List<NadProblem> problems)
    {
        if (!LinkNames.IsValid(vlan.Parent))
        {
            problems.Add(new("hostInterface.vlan.parent", $"hostInterface.vlan.parent \"{vlan.Parent}\" is not an interface name ({LinkNames.Rule})"));
        }

        if (vlan.Id is < 1 or > 4094)
        {
            problems.Add(new("hostInterface.vlan.id", $"hostInterface.vlan.id {vlan.Id} is outside 1–4094 (0 and 4095 are reserved)"));
        }

        if (vlan.Protocol is { } protocol && protocol is not (VlanInterfaceSpec.Dot1Q or VlanInterfaceSpec.Dot1Ad))
        {
            problems.Add(new("hostInterface.vlan.protocol", $"hostInterface.vlan.protocol \"{protocol}\" is not 802.1Q or 802.1ad"));
        }
    }

    private static void CheckVxlan(VxlanInterfaceSpec vxlan, List<NadProblem> problems)
    {
        const string P = "hostInterface.vxlan";
        Range(problems, $"{P}.vni", vxlan.Vni, 1, 16777215);
        Range(problems, $"{P}.port", vxlan.Port, 1, 65535, " (absent means 4789)");
        Range(problems, $"{P}.ttl", vxlan.Ttl, 1, 255);
        Range(problems, $"{P}.ageing", vxlan.Ageing, 0, int.MaxValue);
        Range(problems, $"{P}.sourcePortLow", vxlan.SourcePortLow, 1, 65535);
        Range(problems, $"{P}.sourcePortHigh", vxlan.SourcePortHigh, 1, 65535);
        if ((vxlan.SourcePortLow is null) != (vxlan.SourcePortHigh is null))
        {
            problems.Add(new($"{P}.sourcePortLow", $"{P}.sourcePortLow and sourcePortHigh go together"));
        }
        else if (vxlan.SourcePortLow > vxlan.SourcePortHigh)
        {
            problems.Add(new($"{P}.sourcePortLow", $"{P}.sourcePortLow {vxlan.SourcePortLow} is above sourcePortHigh {vxlan.SourcePortHigh}"));
        }

        if (vxlan.Parent is { } parent && !LinkNames.IsValid(parent))
        {
            problems.Add(new($"{P}.parent", $"{P}.parent \"{parent}\" is not an interface name ({LinkNames.Rule})"));
        }

        var group = Address(problems, $"{P}.group", vxlan.Group, multicast: true);
        var remote = Address(problems, $"{P}.remote", vxlan.Remote, multicast: false);
        var local = Address(problems, $"{P}.local", vxlan.Local, multicast: false);
        if (vxlan.Group is not null && vxlan.Remote is not null)
        {
            problems.Add(new($"{P}.group", $"{P}.group and {P}.remote are exclusive (multicast or a single unicast peer)"));
        }

        if (vxlan.Group is not null && vxlan.Parent is null)
        {
            problems.Add(new($"{P}.parent", $"{P}.parent is required with a multicast group"));
        }

        var peer = group ?? remote;
        if (local is not null && peer is not null && local.AddressFamily != peer.AddressFamily)
        {
            problems.Add(new($"{P}.local", $"{P}.local \"{vxlan.Local}\" is not of the family of {(group is not null ? "group" : "remote")} \"{vxlan.Group ?? vxlan.Remote}\""));
        }
    }

    /// <summary>Parses an optional address; a group must be multicast (224.0.0.0/4, ff00::/8), remote and local unicast.</summary>
    private static IPAddress? Address(List<NadProblem> problems, string path, string? text, bool multicast)
    {
        if (text is null)
        {
            return null;
        }

        if (!IpText.TryParseAddress(text, out var ip) || ip.IsIPv4MappedToIPv6)
        {
            problems.Add(new(path, $"{path} \"{text}\" is not an IP address"));
            return null;
        }

        var isMulticast = ip.AddressFamily == AddressFamily.InterNetwork ? (ip.GetAddressBytes()[0] & 0xF0) == 0xE0 : ip.IsIPv6Multicast;
        if (isMulticast != multicast)
        {
            problems.Add(new(path, multicast
                ? $"{path} \"{text}\" is not a multicast address (224.0.0.0/4 or ff00::/8)"
                : $"{path} \"{text}\" is not a unicast address"));
        }

        return ip;
    }

    private static void Range(List<NadProblem> problems, string path, int? value, int min, int max, string? hint = null)
    {
        if (value is { } v && (v < min || v > max))
        {
            problems.Add(new(path, max == int.MaxValue ? $"{path} {v} is below {min}" : $"{path} {v} is outside {min}–{max}{hint}"));
        }
    }
}
