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

            // The label index holds the current labels: an object that matched at the older version and has changed since
            // is among the logged changes, which are added to the index's candidates and undone with them.
            IReadOnlyCollection<ObjectKey> keys = index.Candidates(query.Group, query.Resource, query.Labels);
            if (undo.Count == 0 && keys is SortedSet<ObjectKey> ordered)
                return Walk(ordered, query, at);
            if (undo.Count > 0)
            {
                var changed = undo.Select(e => e.Key).Where(objects.ContainsKey).Where(k => !keys.Contains(k)).Distinct().ToList();
                keys = changed.Count == 0 ? keys : [.. keys, .. changed];
            }

            candidates = new KeyValuePair<ObjectKey, JsonObject>[keys.Count];
            var i = 0;
            foreach (var key in keys)
                candidates[i++] = new(key, objects[key]);
        }

        // Stored objects (current and logged) are immutable and materialised: no lock needed from here.
        var state = undo.Count > 0 ? Undo(candidates, undo) : candidates;
        var (page, matches) = FirstInKeyOrder(state.Where(p => Visible(p.Key, p.Value, query)), query.Limit);
        var remaining = matches - page.Count;
        var last = remaining > 0 ? (page[^1].Key.Namespace, page[^1].Key.Name) : ((string, string)?)null;
        return new ListPage(page.Select(p => (JsonObject)p.Value.DeepClone()).ToList(), at, last, remaining);
    }

    /// <summary>
    /// The first <paramref name="limit"/> pairs in (namespace, name) order (all when 0) and how many there were: a bounded
    /// max-heap, so a page of a large list costs one pass, not a sort of everything after the continue key.
    /// </summary>
    private static (List<KeyValuePair<ObjectKey, JsonObject>> Page, int Matches) FirstInKeyOrder(IEnumerable<KeyValuePair<ObjectKey, JsonObject>> pairs, int limit)
    {
        var matches = 0;
        var page = new List<KeyValuePair<ObjectKey, JsonObject>>();
        var heap = new PriorityQueue<KeyValuePair<ObjectKey, JsonObject>, ObjectKey>(Comparer<ObjectKey>.Create((a, b) => KeyOrder(b, a)));
        foreach (var pair in pairs)
        {
            matches++;
            if (limit <= 0)
                page.Add(pair);
            else if (heap.Count < limit)
                heap.Enqueue(pair, pair.Key);
            else if (KeyOrder(pair.Key, heap.Peek().Key) < 0)
                heap.EnqueueDequeue(pair, pair.Key);
        }

        while (heap.Count > 0)
            page.Add(heap.Dequeue());
        page.Sort((a, b) => KeyOrder(a.Key, b.Key));
        return (page, matches);
    }

    private static int KeyOrder(ObjectKey a, ObjectKey b)
    {
        var order = string.CompareOrdinal(a.Namespace, b.Namespace);
        return order != 0 ? order : string.CompareOrdinal(a.Name, b.Name);
    }

    /// <summary>
    /// A page of the current state read, under the lock, straight from the resource's ordered keys: from the continue
    /// key (or the namespace's first key) until the page is full and one more match shows there is more, O(page) rather
    /// than O(objects). How many remain is told only for an unfiltered list of all namespaces, from the resource's count
    /// and the offset the continue token carries (nothing changed since the first page, or this path is not taken).
    /// </summary>
    private ListPage Walk(SortedSet<ObjectKey> ordered, ListQuery query, long at)
    {
        var lower = new ObjectKey(query.Group, query.Resource, query.After?.Namespace ?? query.Namespace ?? "", query.After?.Name ?? "");
        var upper = new ObjectKey(query.Group, query.Resource, query.Namespace ?? Last, Last);
        if (query.Namespace is not null && string.CompareOrdinal(lower.Namespace, query.Namespace) < 0)
            lower = lower with { Namespace = query.Namespace, Name = "" };
        if (ordered.Count == 0 || ObjectKeyOrder.Instance.Compare(lower, upper) > 0)
            return new ListPage([], at, null, 0);
        var view = ordered.GetViewBetween(lower, upper);
        var unfiltered = query.Labels is null or { Requirements.Count: 0 } && query.Filter is null;
        var counted = unfiltered && query.Namespace is null;
        var page = new List<JsonObject>();
        ObjectKey? last = null;
        long remaining = 0;
        foreach (var key in view)
        {
            if (query.After is not null && key.Equals(lower))
                continue;
            if (query.Limit > 0 && page.Count == query.Limit)
            {
                if (!unfiltered && !Visible(key, objects[key], query))
                    continue;
                remaining = counted ? ordered.Count - query.Offset - page.Count : 1;
                break;
            }

            var obj = objects[key];
            if (!Visible(key, obj, query))
                continue;
            page.Add(obj);
            last = key;
        }

        var more = remaining > 0 ? (last!.Namespace, last.Name) : ((string, string)?)null;
        return new ListPage(page.Select(o => (JsonObject)o.DeepClone()).ToList(), at, more, counted ? remaining : null);
    }

    private const string Last = "\uffff";

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
