namespace Multi.Sandbox.ApiServer;

internal sealed partial class ObjectStore
{
    /// <summary>
    /// Opens a watch on one resource. Without a version (or "0") it starts with the current objects as ADDED;
    /// with one it replays the logged changes after it, or fails with 410 when the log no longer reaches back that far.
    /// </summary>
    public WatchSubscription Watch(string group, string resource, long? fromVersion)
    {
        lock (gate)
        {
            var subscription = new WatchSubscription(group, resource);
            if (fromVersion is null or 0)
            {
                foreach (var (key, obj) in index.Candidates(group, resource, null).Select(k => (k, objects[k]))
                             .OrderBy(p => ObjectMetadata.ResourceVersion(p.Item2)))
                    subscription.Offer(new StoredEvent(ObjectMetadata.ResourceVersion(obj), "ADDED", key, obj, null));
            }
            else
            {
                if (fromVersion < expiredThrough)
                    throw ApiException.Expired($"too old resource version: {fromVersion} ({expiredThrough + 1})");
                foreach (var change in log.Where(e => e.Version > fromVersion && subscription.Wants(e.Key)))
                    subscription.Offer(change);
            }

            watches.Add(subscription);
            return subscription;
        }
    }

    public void Unwatch(WatchSubscription subscription)
    {
        lock (gate)
            watches.Remove(subscription);
        subscription.Complete();
    }

    /// <summary>Ends the open watches (all of them on shutdown, or those of one resource), so their requests complete.</summary>
    public void CloseWatches(string? group = null, string? resource = null)
    {
        lock (gate)
        {
            var closing = watches.Where(w => group is null || (w.Group == group && w.Resource == resource)).ToList();
            foreach (var subscription in closing)
            {
                subscription.Complete();
                watches.Remove(subscription);
            }
        }
    }

    /// <summary>Queues a BOOKMARK at the current version behind every change the watch has been given.</summary>
    public void OfferBookmark(WatchSubscription subscription)
    {
        lock (gate)
        {
            var key = new ObjectKey(subscription.Group, subscription.Resource, "", "");
            subscription.Offer(new StoredEvent(version, "BOOKMARK", key, [], null));
        }
    }

    private void Publish(StoredEvent change)
    {
        log.Enqueue(change);
        while (log.Count > logCapacity)
            expiredThrough = log.Dequeue().Version;
        foreach (var subscription in watches)
        {
            if (subscription.Wants(change.Key))
                subscription.Offer(change);
        }
    }
}
