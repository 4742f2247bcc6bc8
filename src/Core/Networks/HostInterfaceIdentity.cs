using System.Globalization;

namespace Multi.Core.Networks;

/// <summary>
/// The identity of the link a ClusterNetwork's <c>hostInterface</c> provides (host-interfaces.md, section 2): the VLAN's
/// parent, ID and protocol, the VXLAN's VNI, parent, destination port, group or remote and local address, which kind of
/// link it is, and the bridge on it. Pods attached to the link stay on the link they were given, so none of these may
/// change while any pod is attached; the MTU and everything outside <c>hostInterface</c> may.
/// </summary>
public static class HostInterfaceIdentity
{
    /// <summary>
    /// Each identity attribute that differs from <paramref name="old"/> to <paramref name="current"/>, as
    /// <c>spec.hostInterface.vlan.id (100 → 200)</c>, in declaration order; empty when the link stays the same. A network
    /// that had no hostInterface provided no link, so adding one changes no identity.
    /// </summary>
    public static IReadOnlyList<string> Changes(ClusterNetworkSpec old, ClusterNetworkSpec current)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(current);
        var changes = new List<string>();
        if (old.HostInterface is not { } before)
        {
            return changes;
        }

        const string Root = "spec.hostInterface";
        if (current.HostInterface is not { } after)
        {
            changes.Add($"{Root} (removed)");
            return changes;
        }

        Vlan(before.Vlan, after.Vlan, changes);
        Vxlan(before.Vxlan, after.Vxlan, changes);
        Presence($"{Root}.bridge", before.Bridge, after.Bridge, changes);
        if (before.Bridge is not null && after.Bridge is not null)
        {
            Compare($"{Root}.bridge.name", before.Bridge.Name, after.Bridge.Name, changes);
        }

        return changes;
    }

    private static void Vlan(VlanInterfaceSpec? before, VlanInterfaceSpec? after, List<string> changes)
    {
        const string Path = "spec.hostInterface.vlan";
        Presence(Path, before, after, changes);
        if (before is null || after is null)
        {
            return;
        }

        Compare($"{Path}.parent", before.Parent, after.Parent, changes);
        Compare($"{Path}.id", Text(before.Id), Text(after.Id), changes);
        Compare($"{Path}.protocol", before.EffectiveProtocol, after.EffectiveProtocol, changes);
    }

    private static void Vxlan(VxlanInterfaceSpec? before, VxlanInterfaceSpec? after, List<string> changes)
    {
        const string Path = "spec.hostInterface.vxlan";
        Presence(Path, before, after, changes);
        if (before is null || after is null)
        {
            return;
        }

        Compare($"{Path}.vni", Text(before.Vni), Text(after.Vni), changes);
        Compare($"{Path}.parent", before.Parent, after.Parent, changes);
        Compare($"{Path}.port", Text(before.EffectivePort), Text(after.EffectivePort), changes);
        Compare($"{Path}.group", before.Group, after.Group, changes);
        Compare($"{Path}.remote", before.Remote, after.Remote, changes);
        Compare($"{Path}.local", before.Local, after.Local, changes);
    }

    private static void Presence(string path, object? before, object? after, List<string> changes)
    {
        if (before is null != after is null)
        {
            changes.Add($"{path} ({(before is null ? "added" : "removed")})");
        }
    }

    private static void Compare(string path, string? before, string? after, List<string> changes)
    {
        if (!string.Equals(Blank(before), Blank(after), StringComparison.Ordinal))
        {
            changes.Add($"{path} ({Shown(before)} → {Shown(after)})");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Shown(string? value) => Blank(value) is { } text ? $"\"{text}\"" : "absent";

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
