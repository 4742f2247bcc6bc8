using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// A socket subscribed to <c>RTNLGRP_LINK</c>, read by a dedicated thread that sleeps in <c>poll</c> on the socket and an
/// eventfd (disposal wakes it: no busy loop, no timeout polling). Events go to a bounded queue; the reader never blocks on
/// it, so when the consumer falls behind, or the kernel's buffer overflows (<c>ENOBUFS</c>), events are dropped and a
/// <see cref="LinkEventsLost"/> tells the consumer to resynchronise from a full dump.
/// </summary>
internal sealed class LinkEventSubscription : IDisposable
{
    private const uint LinkGroup = 1; // RTMGRP_LINK
    private const int ReceiveBufferBytes = 4 << 20;
    private const int EventFdCloseOnExec = 0x80000;

    private readonly Channel<LinkEvent> _events;
    private readonly int _socket;
    private readonly int _wake;
    private readonly Thread _reader;
    private readonly int _capacity;
    private int _disposed;

    private LinkEventSubscription(int socket, int capacity)
    {
        _socket = socket;
        _capacity = capacity;
        _wake = NetlinkNative.EventFd(0, EventFdCloseOnExec);
        if (_wake < 0)
        {
            var failure = NetlinkNative.Failure("eventfd");
            _ = NetlinkNative.Close(socket);
            throw failure;
        }

        _events = Channel.CreateBounded<LinkEvent>(new BoundedChannelOptions(capacity + 1) { SingleReader = true, SingleWriter = true });
        _reader = new Thread(ReadLoop, maxStackSize: 256 * 1024) { IsBackground = true, Name = "netlink link events" };
        _reader.Start();
    }

    /// <summary>Subscribes in the calling thread's network namespace; at most <paramref name="capacity"/> events wait.</summary>
    public static LinkEventSubscription Open(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        return new LinkEventSubscription(NetlinkNative.OpenRoute(LinkGroup, ReceiveBufferBytes, null), capacity);
    }

    /// <summary>Subscribes in the namespace at <paramref name="netnsPath"/>.</summary>
    public static LinkEventSubscription OpenIn(string netnsPath, int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        var socket = NetworkNamespaceThread.Run(netnsPath, () => NetlinkNative.OpenRoute(LinkGroup, ReceiveBufferBytes, null));
        return new LinkEventSubscription(socket, capacity);
    }

    /// <summary>The events in kernel order; completes (with the failure, if any) when the subscription ends.</summary>
    public ChannelReader<LinkEvent> Events => _events.Reader;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Span<byte> one = stackalloc byte[8];
        MemoryMarshal.Write(one, 1UL);
        _ = NetlinkNative.Write(_wake, one, 8);
        _reader.Join();
        _ = NetlinkNative.Close(_socket);
        _ = NetlinkNative.Close(_wake);
    }

    private void ReadLoop()
    {
        var buffer = new byte[64 * 1024];
        var batch = new List<LinkEvent>();
        try
        {
            while (WaitReadable())
            {
                batch.Clear();
                var received = ReceiveInto(ref buffer, batch);
                if (received >= 0)
                {
                    Decode(buffer.AsSpan(0, received), batch);
                }

                Publish(batch);
            }

            _events.Writer.TryComplete();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failing socket ends the stream with the error instead of taking the process down from a background thread.
            _events.Writer.TryComplete(e);
        }
    }

    /// <summary>Sleeps until the socket has data (true) or disposal signalled the eventfd (false).</summary>
    private bool WaitReadable()
    {
        Span<PollDescriptor> descriptors = [new() { Fd = _socket, Events = NetlinkNative.PollIn }, new() { Fd = _wake, Events = NetlinkNative.PollIn }];
        while (true)
        {
            if (NetlinkNative.Poll(descriptors, 2, -1) >= 0)
            {
                return descriptors[1].ReturnedEvents == 0;
            }

            if (Marshal.GetLastPInvokeError() != NetlinkNative.Interrupted)
            {
                throw NetlinkNative.Failure("poll on the link event socket");
            }
        }
    }

    /// <summary>The datagram's length; -1 when there was nothing to read or the kernel reported an overrun (queued as lost).</summary>
    private int ReceiveInto(ref byte[] buffer, List<LinkEvent> batch)
    {
        var size = NetlinkNative.Receive(_socket, Span<byte>.Empty, 0, NetlinkNative.PeekTruncated | NetlinkNative.DontWait);
        if (size > buffer.Length)
        {
            buffer = new byte[size];
        }

        var received = size < 0 ? size : NetlinkNative.Receive(_socket, buffer, buffer.Length, NetlinkNative.DontWait);
        if (received >= 0)
        {
            return (int)received;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == NetlinkNative.NoBufferSpace)
        {
            batch.Add(new LinkEventsLost("the kernel's receive buffer overflowed (ENOBUFS)"));
            return -1;
        }

        return errno is NetlinkNative.WouldBlock or NetlinkNative.Interrupted ? -1 : throw NetlinkNative.Failure("receive on the link event socket");
    }

    private void Decode(ReadOnlySpan<byte> datagram, List<LinkEvent> batch)
    {
        try
        {
            LinkEventDecoder.Decode(datagram, batch);
        }
        catch (NetlinkDecodeException e)
        {
            // The notification is gone; the resync it triggers reads the kernel's current state instead.
            batch.Clear();
            batch.Add(new LinkEventsLost($"an undecodable notification: {e.Message}"));
        }
    }

    /// <summary>
    /// Queues the events without ever blocking. The queue holds <c>capacity</c> events plus one slot that only a
    /// <see cref="LinkEventsLost"/> can take, so a full queue always ends with the marker that tells the consumer to resync.
    /// </summary>
    private void Publish(List<LinkEvent> batch)
    {
        foreach (var linkEvent in batch)
        {
            var queued = linkEvent is not LinkEventsLost && _events.Reader.Count >= _capacity
                ? new LinkEventsLost("the subscriber's event queue was full")
                : linkEvent;

            // A marker that does not fit is already the queue's last element.
            _ = _events.Writer.TryWrite(queued);
        }
    }
}
