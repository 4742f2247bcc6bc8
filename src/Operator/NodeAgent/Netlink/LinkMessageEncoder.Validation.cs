using System.Net.Sockets;
using System.Text;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>Requests the kernel would refuse, refused before they are sent, with the field and the rule.</summary>
internal static partial class LinkMessageEncoder
{
    public static void ValidateName(string name)
    {
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes is 0 or > Ifla.MaxNameBytes || name is "." or ".." || name.Any(c => c is '/' or ':' or '\0' || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException($"interface name '{name}' is invalid: 1–15 bytes, not '.' or '..', no '/', ':', NUL or whitespace", nameof(name));
        }
    }

    private static void Validate(LinkSpec spec)
    {
        ValidateName(spec.Name);
        ValidateAlias(spec.Alias);
        if (spec.Kind.Length == 0 || spec.Kind.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"link {spec.Name}: kind '{spec.Kind}' is invalid", nameof(spec));
        }

        if (spec.Vlan is not null && spec.Vxlan is not null)
        {
            throw new ArgumentException($"link {spec.Name}: VLAN and VXLAN attributes are exclusive", nameof(spec));
        }

        if ((spec.Kind == LinkKinds.Vlan) != (spec.Vlan is not null) || (spec.Kind == LinkKinds.Vxlan) != (spec.Vxlan is not null))
        {
            throw new ArgumentException($"link {spec.Name}: kind {spec.Kind} needs exactly its own attributes (vlan: VlanAttributes, vxlan: VxlanAttributes)", nameof(spec));
        }

        if (spec.Vlan is { } vlan && (vlan.Id is 0 or > 4094 || spec.ParentIndex is null or <= 0))
        {
            throw new ArgumentException($"link {spec.Name}: a VLAN needs an ID in 1–4094 (got {vlan.Id}) and a parent index", nameof(spec));
        }

        if (spec.Vxlan is { } vxlan)
        {
            ValidateVxlan(spec.Name, vxlan);
        }
    }

    private static void ValidateVxlan(string name, VxlanAttributes vxlan)
    {
        if (vxlan.Vni is 0 or > 0xFFFFFF || vxlan.Port == 0)
        {
            throw new ArgumentException($"link {name}: a VXLAN needs a VNI in 1–16777215 (got {vxlan.Vni}) and an explicit port (got {vxlan.Port})", nameof(vxlan));
        }

        foreach (var address in new[] { vxlan.Local, vxlan.Group })
        {
            if (address is not null && address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            {
                throw new ArgumentException($"link {name}: VXLAN address {address} is neither IPv4 nor IPv6", nameof(vxlan));
            }
        }

        if (vxlan.Local is { } local && vxlan.Group is { } group && local.AddressFamily != group.AddressFamily)
        {
            throw new ArgumentException($"link {name}: VXLAN local {local} and group/remote {group} are of different address families", nameof(vxlan));
        }

        if (vxlan.SourcePorts is { } ports && ports.Low > ports.High)
        {
            throw new ArgumentException($"link {name}: VXLAN source ports {ports.Low}–{ports.High}: low exceeds high", nameof(vxlan));
        }
    }

    private static void ValidateAlias(string? alias)
    {
        if (alias is not null && (Encoding.UTF8.GetByteCount(alias) > Ifla.MaxAliasBytes || alias.Contains('\0', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"alias '{alias}' is invalid: at most 255 bytes, no NUL", nameof(alias));
        }
    }

    private static void ValidateIndex(int index)
    {
        if (index <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "an interface index is positive");
        }
    }
}
