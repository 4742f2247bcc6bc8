namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// The kernel refused a link request. The message names the operation, the link, the errno and the kernel's own
/// explanation; <see cref="Failure"/> classifies it for callers.
/// </summary>
internal sealed class NetlinkException : IOException
{
    public NetlinkException(string operation, string link, NetlinkError error, string? kind = null)
        : base(Describe(operation, link, error, kind))
    {
        Operation = operation;
        Link = link;
        Errno = error.Errno;
        KernelMessage = error.KernelMessage;
        Failure = Classify(error.Errno);
    }

    public NetlinkException()
    {
        Operation = Link = string.Empty;
    }

    public NetlinkException(string message)
        : base(message)
    {
        Operation = Link = string.Empty;
    }

    public NetlinkException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = Link = string.Empty;
    }

    public string Operation { get; }

    public string Link { get; }

    public int Errno { get; }

    public string? KernelMessage { get; }

    public NetlinkFailure Failure { get; }

    public static NetlinkFailure Classify(int errno) => errno switch
    {
        17 => NetlinkFailure.Exists,
        19 => NetlinkFailure.NoSuchDevice,
        95 => NetlinkFailure.NotSupported,
        16 => NetlinkFailure.Busy,
        22 or 34 => NetlinkFailure.InvalidArgument,
        1 or 13 => NetlinkFailure.PermissionDenied,
        _ => NetlinkFailure.Other,
    };

    public static string ErrnoName(int errno) => errno switch
    {
        1 => "EPERM",
        2 => "ENOENT",
        13 => "EACCES",
        16 => "EBUSY",
        17 => "EEXIST",
        19 => "ENODEV",
        22 => "EINVAL",
        34 => "ERANGE",
        95 => "EOPNOTSUPP",
        98 => "EADDRINUSE",
        105 => "ENOBUFS",
        _ => $"errno {errno}",
    };

    private static string Describe(string operation, string link, NetlinkError error, string? kind)
    {
        var reason = Classify(error.Errno) switch
        {
            NetlinkFailure.Exists => "a link with that name or identity exists",
            NetlinkFailure.NoSuchDevice => "no such link (or its parent or master is gone)",
            NetlinkFailure.NotSupported when kind is not null =>
                $"the kernel does not support link kind '{kind}' (kernel module {LinkKinds.ModuleFor(kind)} not loaded or not built)",
            NetlinkFailure.NotSupported => "the kernel does not support this operation",
            NetlinkFailure.Busy => "the device is busy",
            NetlinkFailure.InvalidArgument => "the kernel refused an attribute value",
            NetlinkFailure.PermissionDenied => "permission denied (CAP_NET_ADMIN is needed in the network namespace)",
            _ => "the kernel refused the request",
        };
        var detail = error.KernelMessage is { Length: > 0 } message ? $"{ErrnoName(error.Errno)}: {message}" : ErrnoName(error.Errno);
        return $"{operation} {link} failed: {reason} ({detail})";
    }
}
