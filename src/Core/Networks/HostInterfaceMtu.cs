using System.Globalization;

namespace Multi.Core.Networks;

/// <summary>
/// The per-node MTU rule of host-interfaces.md, section 2: a VLAN fits in its parent; a VXLAN in its parent minus the
/// encapsulation (50 bytes over IPv4, 70 over IPv6, 4 more when inner frames carry an 802.1Q tag). An absent or 0 MTU
/// derives exactly that bound. Parent MTUs are only known on the node, so the agent applies this, not admission.
/// </summary>
public static class HostInterfaceMtu
{
    public const int VxlanIpv4Overhead = 50;
    public const int VxlanIpv6Overhead = 70;
    public const int InnerVlanTag = 4;

    /// <summary>The bytes a link of this kind takes from its parent's MTU.</summary>
    public static int Overhead(bool vxlan, bool ipv6Underlay, bool innerVlanTag = false) =>
        !vxlan ? 0 : (ipv6Underlay ? VxlanIpv6Overhead : VxlanIpv4Overhead) + (innerVlanTag ? InnerVlanTag : 0);

    /// <summary>
    /// The MTU to program: the requested one when it fits in <paramref name="parentMtu"/> minus the overhead, the bound
    /// when nothing was requested; otherwise an error naming the parent, its MTU and the overhead.
    /// </summary>
    public static (int? Mtu, string? Error) Resolve(int? requested, string parent, int parentMtu, int overhead)
    {
        var bound = parentMtu - overhead;
        if (requested is null or 0)
        {
            return bound < 68 ? (null, Text($"parent {parent} MTU {parentMtu} leaves {bound} after {overhead} bytes of encapsulation, below 68")) : (bound, null);
        }

        return requested <= bound
            ? (requested, null)
            : (null, overhead == 0
                ? Text($"MTU {requested} exceeds parent {parent} MTU {parentMtu}")
                : Text($"MTU {requested} exceeds parent {parent} MTU {parentMtu} minus {overhead} bytes of VXLAN overhead ({bound})"));
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
