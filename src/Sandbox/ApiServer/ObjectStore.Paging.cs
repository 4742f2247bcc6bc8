using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer;

internal sealed partial class ObjectStore
{
    /// <summary>The current resourceVersion.</summary>
    public long Version
    {
        get
        {
            lock (gate)
                return version;
        }
    }

    /// <summary>
    /// One page of a list, in (namespace, name) order, at the current version or, like etcd, at an earlier one: the
    /// state then is the current one with the resource's logged changes since undone, so it needs the event log to reach
    /// back that far (else 410 Expired). The selectors are applied before the page is cut, as the real server does.
    /// </summary>
    public ListPage Page(ListQuery query)
    {
        KeyValuePair<ObjectKey, JsonObject>[] candidates;
        List<StoredEvent> undo = [];
        long at;
        lock (gate)
        {
            if (query.MinimumVersion > version || query.AtVersion > version)
                throw ApiException.TooLargeResourceVersion(Math.Max(query.MinimumVersion, query.AtVersion ?? 0), version);
            at = query.AtVersion ?? version;
            if (at < version)
            {
                if (at < expiredThrough)
                    throw ApiException.Expired($"too old resource version: {at} ({expiredThrough + 1})");
                undo.AddRange(log.Where(e => e.Version > at && e.Key.Group == query.Group && e.Key.Resource == query.Resource));
            }

            var keys = index.Candidates(query.Group, query.Resource, undo.Count > 0 ? null : query.Labels);
            candidates = new KeyValuePair<ObjectKey, JsonObject>[keys.Count];
            var i = 0;
            foreach (var key in keys)
                candidates[i++] = new(key, objects[key]);
        }

        // Stored objects (current and logged) are immutable and materialised: no lock needed from here.
        var state = undo.Count > 0 ? Undo(candidates, undo) : candidates;
        var matches = state.Where(p => Visible(p.Key, p.Value, query)).ToList();
        var page = matches
            .OrderBy(p => p.Key.Namespace, StringComparer.Ordinal).ThenBy(p => p.Key.Name, StringComparer.Ordinal)
            .Take(query.Limit > 0 ? query.Limit : int.MaxValue)
            .ToList();
        var remaining = matches.Count - page.Count;
        var last = remaining > 0 ? (page[^1].Key.Namespace, page[^1].Key.Name) : ((string, string)?)null;
        return new ListPage(page.Select(p => (JsonObject)p.Value.DeepClone()).ToList(), at, last, remaining);
    }

    private static IEnumerable<KeyValuePair<ObjectKey, JsonObject>> Undo(KeyValuePair<ObjectKey, JsonObject>[] current, List<StoredEvent> changes)
    {
        var state = current.ToDictionary(p => p.Key, p => p.Value);
        for (var i = changes.Count - 1; i >= 0; i--)
        {
            var change = changes[i];
            if (change.Type == "ADDED" || change.Previous is null)
                state.Remove(change.Key);
            else
                state[change.Key] = change.Previous;
        }

        return state;
    }

    private static bool Visible(ObjectKey key, JsonObject obj, ListQuery query)
    {
        if (query.Namespace is not null && key.Namespace != query.Namespace)
            return false;
        if (query.After is { } after)
        {
            var order = string.CompareOrdinal(key.Namespace, after.Namespace);
            if (order < 0 || (order == 0 && string.CompareOrdinal(key.Name, after.Name) <= 0))
                return false;
        }

        return (query.Labels is null || query.Labels.Matches(ObjectMetadata.Labels(obj))) && (query.Filter is null || query.Filter(obj));
    }
}
