using System.Collections.Immutable;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Core.Cni.Results;

namespace Multi.Core.Annotations;

/// <summary>
/// Builds and renders <c>k8s.v1.cni.cncf.io/network-status</c> (npwg-behaviour.md, section 10) and the
/// <c>AddedInterface</c> event message (section 11).
/// </summary>
public static class NetworkStatusBuilder
{
    public const string AnnotationKey = "k8s.v1.cni.cncf.io/network-status";

    /// <summary>
    /// The entries of one attachment. <paramref name="result"/> is the delegate's unmodified result in the 1.x
    /// shape; <paramref name="name"/> is <c>namespace/nad</c> or the delegate config's name.
    /// </summary>
    public static ImmutableArray<NetworkStatusEntry> Build(string name, bool isClusterNetwork, CniResult result, JsonObject? deviceInfo)
    {
        var gateways = DefaultGateways(result);
        var dns = result.Dns is { IsEmpty: false } d ? d : null;
        var interfaces = result.Interfaces.IsDefault ? [] : result.Interfaces;
        var ips = result.Ips.IsDefault ? [] : result.Ips;
        var template = new NetworkStatusEntry(name, null, [], null, null, false, dns, deviceInfo, gateways);
        return interfaces.Length == 1
            ? [SingleInterface(template, interfaces[0], ips, isClusterNetwork)]
            : PerSandboxInterface(template, interfaces, ips, isClusterNetwork);
    }

    /// <summary>One interface: all IPs; interface, MAC and MTU only if it is in the sandbox; default for the cluster network.</summary>
    private static NetworkStatusEntry SingleInterface(NetworkStatusEntry template, CniInterface iface, ImmutableArray<CniIpConfig> ips, bool isClusterNetwork)
    {
        var inSandbox = !string.IsNullOrEmpty(iface.Sandbox);
        return template with
        {
            Interface = inSandbox ? iface.Name : null,
            Ips = [.. ips.Select(ip => IpText.CanonicalAddressOf(ip.Address))],
            Mac = inSandbox ? iface.Mac : null,
            Mtu = inSandbox ? iface.Mtu : null,
            Default = isClusterNetwork,
        };
    }

    /// <summary>
    /// One entry per sandbox interface. An IP goes to the entry its index points at, to the last entry without an
    /// index, and nowhere when it points at a host interface.
    /// </summary>
    private static ImmutableArray<NetworkStatusEntry> PerSandboxInterface(NetworkStatusEntry template, ImmutableArray<CniInterface> interfaces, ImmutableArray<CniIpConfig> ips, bool isClusterNetwork)
    {
        // Result interface index -> entry index, for sandbox interfaces only.
        var entryOf = new Dictionary<int, int>();
        var entryIps = new List<List<string>>();
        for (var i = 0; i < interfaces.Length; i++)
        {
            if (!string.IsNullOrEmpty(interfaces[i].Sandbox))
            {
                entryOf[i] = entryIps.Count;
                entryIps.Add([]);
            }
        }

        if (entryIps.Count == 0)
        {
            return [];
        }

        foreach (var ip in ips)
        {
            if (ip.Interface is null)
            {
                entryIps[^1].Add(IpText.CanonicalAddressOf(ip.Address));
            }
            else if (entryOf.TryGetValue(ip.Interface.Value, out var entry))
            {
                entryIps[entry].Add(IpText.CanonicalAddressOf(ip.Address));
            }
        }

        var defaultEntry = isClusterNetwork ? DefaultEntry(ips, entryOf) : -1;
        return [.. entryOf.OrderBy(p => p.Value).Select(p => template with
        {
            Interface = interfaces[p.Key].Name,
            Ips = [.. entryIps[p.Value]],
            Mac = interfaces[p.Key].Mac,
            Mtu = interfaces[p.Key].Mtu,
            Default = p.Value == defaultEntry,
        })];
    }

    /// <summary>
    /// The annotation value: each entry as Go's four-space indented JSON, joined by <c>,</c> inside <c>[</c> and <c>]</c>.
    /// </summary>
    public static string Render(IEnumerable<NetworkStatusEntry> entries)
    {
        var sb = new StringBuilder("[");
        var first = true;
        foreach (var entry in entries)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            RenderEntry(sb, entry);
        }

        return sb.Append(']').ToString();
    }

    /// <summary>True when the attachment's result has interfaces or IPs, i.e. an <c>AddedInterface</c> event is due.</summary>
    public static bool HasAddedInterface(CniResult result) => !result.Interfaces.IsDefaultOrEmpty || !result.Ips.IsDefaultOrEmpty;

    /// <summary><c>Add &lt;ifname&gt; [&lt;ip/prefix&gt; ...] from &lt;name&gt;</c>; the <c>from</c> part is left out for an empty name.</summary>
    public static string AddedInterfaceMessage(string ifName, CniResult result, string name)
    {
        var ips = result.Ips.IsDefault ? [] : result.Ips.Select(ip => IpText.CanonicalCidr(ip.Address));
        var message = $"Add {ifName} [{string.Join(' ', ips)}]";
        return string.IsNullOrEmpty(name) ? message : $"{message} from {name}";
    }

    /// <summary>The <c>gw</c> of routes whose destination is absent or the all-zero address of its family.</summary>
    internal static ImmutableArray<string> DefaultGateways(CniResult result) =>
        result.Routes.IsDefault
            ? []
            : [.. result.Routes.Where(r => IsDefaultDestination(r.Dst) && !string.IsNullOrEmpty(r.Gw)).Select(r => IpText.CanonicalAddressOf(r.Gw!))];

    private static bool IsDefaultDestination(string? dst)
    {
        if (string.IsNullOrEmpty(dst))
        {
            return true;
        }

        var slash = dst.IndexOf('/', StringComparison.Ordinal);
        return IPAddress.TryParse(slash < 0 ? dst : dst[..slash], out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));
    }

    /// <summary>
    /// The sandbox interface referenced by the first IP with a gateway and an index; the first sandbox interface
    /// otherwise, also when that IP points at a host-side interface [beyond Multus].
    /// </summary>
    private static int DefaultEntry(ImmutableArray<CniIpConfig> ips, Dictionary<int, int> entryOf)
    {
        var first = ips.FirstOrDefault(ip => !string.IsNullOrEmpty(ip.Gateway) && ip.Interface is not null);
        return first is not null && entryOf.TryGetValue(first.Interface!.Value, out var entry) ? entry : 0;
    }

    private static void RenderEntry(StringBuilder sb, NetworkStatusEntry entry)
    {
        var members = new List<(string, Action)> { ("name", () => GoJson.WriteString(sb, entry.Name)) };
        if (!string.IsNullOrEmpty(entry.Interface))
        {
            members.Add(("interface", () => GoJson.WriteString(sb, entry.Interface)));
        }

        if (!entry.Ips.IsDefaultOrEmpty)
        {
            members.Add(("ips", () => GoJson.WriteStrings(sb, entry.Ips, 1)));
        }

        if (!string.IsNullOrEmpty(entry.Mac))
        {
            members.Add(("mac", () => GoJson.WriteString(sb, entry.Mac)));
        }

        if (entry.Mtu is { } mtu and not 0)
        {
            members.Add(("mtu", () => sb.Append(mtu)));
        }

        if (entry.Default)
        {
            members.Add(("default", () => sb.Append("true")));
        }

        members.Add(("dns", () => RenderDns(sb, entry.Dns)));
        if (entry.DeviceInfo is { } deviceInfo)
        {
            members.Add(("device-info", () => GoJson.WriteNode(sb, deviceInfo, 1)));
        }

        if (!entry.Gateway.IsDefaultOrEmpty)
        {
            members.Add(("gateway", () => GoJson.WriteStrings(sb, entry.Gateway, 1)));
        }

        GoJson.WriteObject(sb, members, 0);
    }

    private static void RenderDns(StringBuilder sb, CniDns? dns)
    {
        var members = new List<(string, Action)>();
        if (dns is not null)
        {
            if (!dns.Nameservers.IsDefaultOrEmpty)
            {
                members.Add(("nameservers", () => GoJson.WriteStrings(sb, dns.Nameservers, 2)));
            }

            if (!string.IsNullOrEmpty(dns.Domain))
            {
                members.Add(("domain", () => GoJson.WriteString(sb, dns.Domain)));
            }

            if (!dns.Search.IsDefaultOrEmpty)
            {
                members.Add(("search", () => GoJson.WriteStrings(sb, dns.Search, 2)));
            }

            if (!dns.Options.IsDefaultOrEmpty)
            {
                members.Add(("options", () => GoJson.WriteStrings(sb, dns.Options, 2)));
            }
        }

        GoJson.WriteObject(sb, members, 1);
    }
}
