using System.Globalization;

namespace Multi.Core.Networks;

/// <summary>
/// Rules across networks: two declarations resolving to the same VLAN (parent, id) or VXLAN (vni, port) on node sets that
/// may overlap must agree on every attribute of that link, including the bridge it is a port of; they then share it.
/// </summary>
public static class ClusterNetworkSetChecks
{
    /// <summary>One conflict per disagreeing pair, in input order; networks without a hostInterface are ignored.</summary>
    public static IReadOnlyList<ClusterNetworkConflict> Conflicts(IEnumerable<(string Name, ClusterNetworkSpec Spec)> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var links = networks
            .Where(n => n.Spec?.HostInterface is { } h && (h.Vlan is not null || h.Vxlan is not null))
            .Select(n => (n.Name, n.Spec, Identity: Identity(n.Spec.HostInterface!), Settings: Settings(n.Name, n.Spec.HostInterface!)))
            .ToList();
        var conflicts = new List<ClusterNetworkConflict>();
        for (var i = 0; i < links.Count; i++)
        {
            for (var j = i + 1; j < links.Count; j++)
            {
                var (a, b) = (links[i], links[j]);
                if (a.Identity != b.Identity || !MayShareNodes(a.Spec.NodeSelector, b.Spec.NodeSelector))
                {
                    continue;
                }

                var differences = a.Settings.Where(s => b.Settings[s.Key] != s.Value).Select(s => $"{s.Key} {Show(s.Value)} vs {Show(b.Settings[s.Key])}").ToList();
                if (differences.Count > 0)
                {
                    var kind = a.Spec.HostInterface!.Vlan is not null ? "hostInterface.vlan" : "hostInterface.vxlan";
                    conflicts.Add(new ClusterNetworkConflict(a.Name, b.Name, kind,
                        $"{a.Name} and {b.Name} both use {a.Identity} but differ in {string.Join(", ", differences)}"));
                }
            }
        }

        return conflicts;
    }

    /// <summary>False only when some label is required with different values by both selectors (the node sets are disjoint).</summary>
    public static bool MayShareNodes(IReadOnlyDictionary<string, string>? first, IReadOnlyDictionary<string, string>? second) =>
        first is null || second is null || !first.Any(p => second.TryGetValue(p.Key, out var v) && v != p.Value);

    private static string Identity(HostInterfaceSpec host) => host.Vlan is { } vlan
        ? string.Create(CultureInfo.InvariantCulture, $"VLAN {vlan.Id} on {vlan.Parent}")
        : string.Create(CultureInfo.InvariantCulture, $"VXLAN {host.Vxlan!.Vni} port {host.Vxlan.EffectivePort}");

    /// <summary>The attributes that must agree, with defaults applied; the bridge is the name of the bridge the link is a port of.</summary>
    private static Dictionary<string, string?> Settings(string name, HostInterfaceSpec host)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["mtu"] = host.Mtu is null or 0 ? null : Text(host.Mtu),
            ["bridge"] = host.Bridge is { } bridge ? HostInterfaceNames.Bridge(name, bridge) : null,
        };
        if (host.Vlan is { } vlan)
        {
            settings["protocol"] = vlan.EffectiveProtocol;
            return settings;
        }

        var x = host.Vxlan!;
        settings["parent"] = x.Parent;
        settings["group"] = x.Group;
        settings["remote"] = x.Remote;
        settings["local"] = x.Local;
        settings["learning"] = x.Learning?.ToString();
        settings["ttl"] = Text(x.Ttl);
        settings["ageing"] = Text(x.Ageing);
        settings["sourcePorts"] = x.SourcePortLow is null ? null : $"{Text(x.SourcePortLow)}-{Text(x.SourcePortHigh)}";
        settings["udpChecksum"] = x.UdpChecksum?.ToString();
        return settings;
    }

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Show(string? value) => value is null ? "(unset)" : $"\"{value}\"";
}
