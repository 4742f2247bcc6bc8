namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// One netlink operation of a plan, named by link. A closed set: the adapter maps each case to one request
/// (<see cref="Create"/> RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL, <see cref="Set"/>, <see cref="SetUp"/>,
/// <see cref="SetDown"/>, <see cref="SetMaster"/> RTM_NEWLINK on the existing link, <see cref="Delete"/> RTM_DELLINK);
/// <see cref="Report"/> changes nothing and becomes an event and status.
/// </summary>
internal abstract record LinkAction(string Link)
{
    /// <summary>Create a link, down and without a master, with its MTU (null: the kernel's default) and ownership alias.</summary>
    public sealed record Create(HostLinkSpec Spec, int? Mtu, string Alias) : LinkAction(Spec.Name)
    {
        public override string ToString() => $"create {Spec.Kind.ToString().ToLowerInvariant()} {Link}" + (Spec.Parent is { } p ? $" on {p}" : "") + (Mtu is { } m ? $" mtu {m}" : "");
    }

    public sealed record Set(string Name, LinkChanges Changes) : LinkAction(Name)
    {
        public override string ToString() => $"set {Link} {Changes}";
    }

    public sealed record SetUp(string Name) : LinkAction(Name)
    {
        public override string ToString() => $"set {Link} up";
    }

    public sealed record SetDown(string Name) : LinkAction(Name)
    {
        public override string ToString() => $"set {Link} down";
    }

    /// <summary>Make the link a port of <see cref="Master"/>; null releases it (IFLA_MASTER 0).</summary>
    public sealed record SetMaster(string Name, string? Master) : LinkAction(Name)
    {
        public override string ToString() => Master is null ? $"set {Link} nomaster" : $"set {Link} master {Master}";
    }

    public sealed record Delete(string Name) : LinkAction(Name)
    {
        public override string ToString() => $"delete {Link}";
    }

    public sealed record Report(string Name, LinkState State, string Message) : LinkAction(Name)
    {
        public override string ToString() => $"{State} {Link}: {Message}";
    }
}
