namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>The kinds of kernel refusal a caller acts on differently; everything else is <see cref="Other"/>.</summary>
internal enum NetlinkFailure
{
    Other,

    /// <summary>EEXIST: a link of that name (or a VLAN on that parent and ID) exists.</summary>
    Exists,

    /// <summary>ENODEV: no such link (or the parent/master index is gone).</summary>
    NoSuchDevice,

    /// <summary>EOPNOTSUPP: the kernel lacks the link kind (its module, such as 8021q, is not loaded) or the change.</summary>
    NotSupported,

    /// <summary>EBUSY: the device is in use (a VLAN ID taken by a device in another namespace).</summary>
    Busy,

    /// <summary>EINVAL or ERANGE: an attribute value the kernel refuses.</summary>
    InvalidArgument,

    /// <summary>EPERM or EACCES: the process lacks CAP_NET_ADMIN in the namespace.</summary>
    PermissionDenied,
}
