using Multi.Operator.NodeAgent.Netlink;
using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.NodeAgent.Netlink;

/// <summary>The RTNLGRP_LINK subscription sees what <c>ip</c> does from outside the process.</summary>
public sealed class LinkEventSubscriptionTests
{
    [Fact]
    public async Task Events_LinkMadeByIp_SeesCreateChangeAndDelete()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var subscription = LinkEventSubscription.OpenIn(ns.Path);

        await ns.IpAsync("link", "add", "nl-ev0", "type", "bridge");
        var created = await NextAsync<LinkChanged>(subscription, e => e.Link.Name == "nl-ev0");
        Assert.Equal(LinkKinds.Bridge, created.Link.Kind);

        await ns.IpAsync("link", "set", "nl-ev0", "mtu", "1400");
        var changed = await NextAsync<LinkChanged>(subscription, e => e.Link.Name == "nl-ev0" && e.Link.Mtu == 1400);
        Assert.Equal(created.Link.Index, changed.Link.Index);

        // The kernel announces an alias change only while the link is up (netdev_state_change).
        await ns.IpAsync("link", "set", "nl-ev0", "up");
        await ns.IpAsync("link", "set", "nl-ev0", "alias", "multi/v1");
        changed = await NextAsync<LinkChanged>(subscription, e => e.Link.Name == "nl-ev0" && e.Link.Alias == "multi/v1");
        Assert.Equal(created.Link.Index, changed.Link.Index);

        await ns.IpAsync("link", "del", "nl-ev0");
        var deleted = await NextAsync<LinkDeleted>(subscription, e => e.Link.Name == "nl-ev0");
        Assert.Equal(created.Link.Index, deleted.Link.Index);
    }

    [Fact]
    public async Task Events_ConsumerFallsBehind_QueueEndsWithLostMarker()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var subscription = LinkEventSubscription.OpenIn(ns.Path, capacity: 2);
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);

        for (var i = 0; i < 10; i++)
        {
            _ = socket.CreateLink(new LinkSpec($"nl-q{i}", LinkKinds.Bridge));
        }

        await Eventually.TrueAsync(() => Task.FromResult(subscription.Events.Count == 3), "two events and the lost marker in the queue");
        Assert.True(subscription.Events.TryRead(out var first) && first is LinkChanged { Link.Name: "nl-q0" });
        Assert.True(subscription.Events.TryRead(out var second) && second is LinkChanged);
        Assert.True(subscription.Events.TryRead(out var lost));
        Assert.Equal("the subscriber's event queue was full", Assert.IsType<LinkEventsLost>(lost).Reason);

        // Delivery resumes once the consumer has caught up: the backlog may still overflow the queue (more markers), but a
        // deletion made after it drained arrives.
        LinkDeleted? delivered = null;
        for (var i = 9; i >= 0 && delivered is null; i--)
        {
            socket.DeleteLink(socket.GetLink($"nl-q{i}")!.Index);
            delivered = await NextOrNullAsync(subscription, $"nl-q{i}");
        }

        Assert.NotNull(delivered);
    }

    /// <summary>The deletion of <paramref name="name"/>, or null when the stream went quiet for a second without it.</summary>
    private static async Task<LinkDeleted?> NextOrNullAsync(LinkEventSubscription subscription, string name)
    {
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            quiet.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                if (await subscription.Events.ReadAsync(quiet.Token) is LinkDeleted deleted && deleted.Link.Name == name)
                {
                    return deleted;
                }
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    [Fact]
    public async Task Dispose_WhileWaiting_CompletesTheEventStream()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        var subscription = LinkEventSubscription.OpenIn(ns.Path);
        var waiting = subscription.Events.WaitToReadAsync(TestContext.Current.CancellationToken).AsTask();

        subscription.Dispose();

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        await subscription.Events.Completion.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    private static async Task<T> NextAsync<T>(LinkEventSubscription subscription, Func<T, bool> match)
        where T : LinkEvent
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var seen = new List<LinkEvent>();
        try
        {
            while (true)
            {
                var next = await subscription.Events.ReadAsync(timeout.Token);
                if (next is T typed && match(typed))
                {
                    return typed;
                }

                seen.Add(next);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"no matching {typeof(T).Name} within 10 s; saw: {string.Join("; ", seen)}");
            throw;
        }
    }
}
