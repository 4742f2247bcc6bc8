namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// A NETLINK_ROUTE request socket for links, bound to the network namespace it was opened in. Requests are synchronous
/// (the kernel answers at once; a receive timeout guards against a lost reply) and serialised: one request in flight,
/// each with its own sequence number, and replies with another number (stale answers) are skipped. Kernel refusals are
/// <see cref="NetlinkException"/>s naming the operation and the link.
/// </summary>
internal sealed partial class RtNetlinkSocket : IDisposable
{
    private const int ReceiveBufferBytes = 1 << 20;
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly NetlinkWriter _writer = new();
    private int _fd;
    private uint _sequence;
    private byte[] _buffer = new byte[32 * 1024];

    private RtNetlinkSocket(int fd) => _fd = fd;

    /// <summary>Opens a socket in the calling thread's network namespace.</summary>
    public static RtNetlinkSocket Open(TimeSpan? timeout = null) =>
        new(NetlinkNative.OpenRoute(0, ReceiveBufferBytes, timeout ?? DefaultTimeout));

    /// <summary>Opens a socket in the namespace at <paramref name="netnsPath"/> (e.g. <c>/var/run/netns/x</c>, <c>/proc/1/ns/net</c>).</summary>
    public static RtNetlinkSocket OpenIn(string netnsPath, TimeSpan? timeout = null) =>
        NetworkNamespaceThread.Run(netnsPath, () => Open(timeout));

    /// <summary>
    /// Creates the link (fails with <see cref="NetlinkFailure.Exists"/> if the name is taken) and reads it back. The kernel
    /// ignores <c>IFLA_IFALIAS</c> in a create, so the alias (the ownership marker) is set by a second request; if that
    /// fails the new link is deleted again, so a link never stays behind without the marker it was created for.
    /// </summary>
    public LinkInfo CreateLink(LinkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var operation = $"create {spec.Kind} link";
        lock (_gate)
        {
            Acknowledged(operation, spec.Name, spec.Kind, w => LinkMessageEncoder.Create(w, spec with { Alias = null }, _sequence));
        }

        var link = GetLink(spec.Name) ?? throw new NetlinkException($"{operation} {spec.Name}: the link vanished right after its creation");
        if (spec.Alias is null)
        {
            return link;
        }

        try
        {
            ChangeLink(new LinkChange(link.Index) { Alias = spec.Alias });
        }
        catch (Exception e) when (e is NetlinkException or IOException or TimeoutException)
        {
            TryDelete(link.Index);
            throw;
        }

        return GetLink(link.Index) ?? throw new NetlinkException($"{operation} {spec.Name}: the link vanished right after its creation");
    }

    /// <summary>Applies the non-null fields of <paramref name="change"/> to the link with that index.</summary>
    public void ChangeLink(LinkChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            Acknowledged("change link", Describe(change), null, w => LinkMessageEncoder.Change(w, change, _sequence));
        }
    }

    public void DeleteLink(int index)
    {
        lock (_gate)
        {
            Acknowledged("delete link", $"#{index}", null, w => LinkMessageEncoder.Delete(w, index, _sequence));
        }
    }

    /// <summary>The link with that name; null when there is none (ENODEV).</summary>
    public LinkInfo? GetLink(string name)
    {
        lock (_gate)
        {
            return Single("get link", name, w => LinkMessageEncoder.Get(w, name, _sequence));
        }
    }

    /// <summary>The link with that index; null when there is none (ENODEV).</summary>
    public LinkInfo? GetLink(int index)
    {
        lock (_gate)
        {
            return Single("get link", $"#{index}", w => LinkMessageEncoder.Get(w, index, _sequence));
        }
    }

    /// <summary>Every link of the namespace (a dump, repeated when the kernel reports it interrupted by a concurrent change).</summary>
    public IReadOnlyList<LinkInfo> ListLinks()
    {
        lock (_gate)
        {
            for (var attempt = 1; ; attempt++)
            {
                var links = new List<LinkInfo>();
                var interrupted = Exchange("list links", "(all)", null, w => LinkMessageEncoder.Dump(w, _sequence), links);
                if (!interrupted || attempt == 5)
                {
                    return interrupted ? throw new NetlinkException("list links: the dump was interrupted by concurrent changes 5 times") : links;
                }
            }
        }
    }

    private void TryDelete(int index)
    {
        try
        {
            DeleteLink(index);
        }
        catch (Exception e) when (e is NetlinkException or IOException or TimeoutException)
        {
            // The original failure is the one to report; a link left behind is found by the next reconcile.
        }
    }

    /// <summary>Closes the socket once any request in flight has finished (its descriptor is never closed under it).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_fd >= 0)
            {
                _ = NetlinkNative.Close(_fd);
                _fd = -1;
            }
        }
    }

    private static string Describe(LinkChange change)
    {
        var parts = new List<string>();
        if (change.Name is not null) parts.Add($"name {change.Name}");
        if (change.Mtu is { } mtu) parts.Add($"mtu {mtu}");
        if (change.Up is { } up) parts.Add(up ? "up" : "down");
        if (change.Alias is not null) parts.Add($"alias '{change.Alias}'");
        if (change.MasterIndex is { } master) parts.Add(master == 0 ? "nomaster" : $"master #{master}");
        if (change.Vxlan is { } vxlan) parts.Add($"vxlan {vxlan}");
        return $"#{change.Index} ({string.Join(", ", parts)})";
    }

    private void Acknowledged(string operation, string link, string? kind, Action<NetlinkWriter> encode) =>
        _ = Exchange(operation, link, kind, encode, links: null);

    private LinkInfo? Single(string operation, string link, Action<NetlinkWriter> encode)
    {
        var links = new List<LinkInfo>();
        try
        {
            _ = Exchange(operation, link, null, encode, links);
        }
        catch (NetlinkException e) when (e.Failure == NetlinkFailure.NoSuchDevice)
        {
            return null;
        }

        return links.Count == 1 ? links[0] : throw new NetlinkException($"{operation} {link}: expected one link in the reply, got {links.Count}");
    }
}
