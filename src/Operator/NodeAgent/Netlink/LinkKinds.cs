namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>The <c>IFLA_INFO_KIND</c> strings this codec creates; any other kind is read back by name only.</summary>
internal static class LinkKinds
{
    public const string Vlan = "vlan";
    public const string Vxlan = "vxlan";
    public const string Bridge = "bridge";

    /// <summary>The kernel module that provides <paramref name="kind"/>, for error messages ("vlan" lives in 8021q).</summary>
    public static string ModuleFor(string kind) => kind == Vlan ? "8021q" : kind;
}
