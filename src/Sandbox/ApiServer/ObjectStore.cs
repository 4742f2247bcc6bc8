using System.Text.Json.Nodes;
using Multi.Sandbox.ApiServer.Selectors;

namespace Multi.Sandbox.ApiServer;

/// <summary>
/// Every object as JSON, one global resourceVersion counter, a bounded event log and the open watches.
/// One lock serialises all changes, so versions, the log and what each watch sees are in the same order.
/// Stored objects are never mutated: readers get clones, writers replace. A <see cref="LabelIndex"/> kept under the same
/// lock finds a resource's objects, and those carrying a label value, without scanning the others.
/// </summary>
internal sealed partial class ObjectStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, JsonObject> objects = [];
    private readonly Queue<StoredEvent> log = new();
    private readonly List<WatchSubscription> watches = [];
    private readonly LabelIndex index = new();
    private readonly int logCapacity;
    private readonly ObjectPersistence? persistence;
    private long version;
    private long expiredThrough;

    public ObjectStore(int logCapacity, ObjectPersistence? persistence)
    {
        this.logCapacity = Math.Max(1, logCapacity);
        this.persistence = persistence;
        if (persistence is null)
            return;
        version = persistence.LoadCounter();
        expiredThrough = version;
        foreach (var (key, obj) in persistence.LoadAll())
        {
            Materialize(obj);
            objects[key] = obj;
            index.Add(key, obj);
        }
    }

    public JsonObject Get(ObjectKey key)
    {
        lock (gate)
            return objects.TryGetValue(key, out var obj) ? (JsonObject)obj.DeepClone() : throw ApiException.NotFound(key);
    }

    public IReadOnlyList<JsonObject> All(string group, string resource)
    {
        lock (gate)
            return index.Candidates(group, resource, null).Select(k => objects[k]).ToList();
    }

    /// <summary>The objects of one resource (in one namespace, or all when <paramref name="ns"/> is null) and the version they are at.</summary>
    /// <param name="labels">An equality term picks the candidates through the label index; the whole selector is then applied.</param>
    /// <param name="filter">Further conditions (field selectors). Both are applied before copying, like the API server's watch cache: a selective list copies only what it returns.</param>
    public (IReadOnlyList<JsonObject> Items, long Version) List(string group, string resource, string? ns, LabelSelector? labels = null, Func<JsonObject, bool>? filter = null)
    {
        KeyValuePair<ObjectKey, JsonObject>[] candidates;
        long at;
        lock (gate)
        {
            var keys = index.Candidates(group, resource, labels);
            candidates = new KeyValuePair<ObjectKey, JsonObject>[keys.Count];
            var i = 0;
            foreach (var key in keys)
                candidates[i++] = new(key, objects[key]);
            at = version;
        }

        // Stored objects are immutable and materialised: matching, sorting and copying this snapshot needs no lock.
        var items = candidates
            .Where(p => (ns is null || p.Key.Namespace == ns) && (labels is null || labels.Matches(ObjectMetadata.Labels(p.Value))) && (filter is null || filter(p.Value)))
            .OrderBy(p => p.Key.Namespace, StringComparer.Ordinal).ThenBy(p => p.Key.Name, StringComparer.Ordinal)
            .Select(p => (JsonObject)p.Value.DeepClone())
            .ToList();
        return (items, at);
    }

    public JsonObject Create(ObjectKey key, JsonObject obj) => TryCreate(key, obj) ?? throw ApiException.AlreadyExists(key);

    /// <summary>Stores a new object; null when the name is taken (no exception: a create-if-absent lock loses often under contention).</summary>
    public JsonObject? TryCreate(ObjectKey key, JsonObject obj)
    {
        lock (gate)
        {
            return objects.ContainsKey(key) ? null : Put(key, obj, "ADDED", previous: null);
        }
    }

    /// <summary>
    /// Replaces an object with what <paramref name="transform"/> makes of a copy of it. A result equal to the
    /// current object changes nothing; a deleting object whose finalizers are gone is removed.
    /// </summary>
    public JsonObject Update(ObjectKey key, Func<JsonObject, JsonObject> transform)
    {
        lock (gate)
        {
            if (!objects.TryGetValue(key, out var current))
                throw ApiException.NotFound(key);
            var next = transform((JsonObject)current.DeepClone());
            if (JsonNode.DeepEquals(next, current))
                return next;
            if (ObjectMetadata.IsDeleting(next) && !ObjectMetadata.HasFinalizers(next))
                return Remove(key, next, current);
            return Put(key, next, "MODIFIED", current);
        }
    }

    /// <summary>Removes an object, or marks it with <paramref name="deletionTimestamp"/> while finalizers remain.</summary>
    /// <param name="precondition">Checked under the store's lock against the current object; throws to refuse the delete.</param>
    public JsonObject Delete(ObjectKey key, string deletionTimestamp, Action<JsonObject>? precondition = null)
    {
        lock (gate)
        {
            if (!objects.TryGetValue(key, out var current))
                throw ApiException.NotFound(key);
            precondition?.Invoke(current);
            var next = (JsonObject)current.DeepClone();
            if (!ObjectMetadata.HasFinalizers(current))
                return Remove(key, next, current);
            if (ObjectMetadata.IsDeleting(current))
                return next;
            var metadata = ObjectMetadata.Of(next);
            metadata["deletionTimestamp"] = deletionTimestamp;
            metadata["deletionGracePeriodSeconds"] = 0;
            return Put(key, next, "MODIFIED", current);
        }
    }

    /// <summary>Removes every object of a resource, finalizers or not (its definition is gone).</summary>
    public void DeleteAll(string group, string resource)
    {
        lock (gate)
        {
            foreach (var key in index.Candidates(group, resource, null).ToList())
                Remove(key, (JsonObject)objects[key].DeepClone(), objects[key]);
        }
    }

    private JsonObject Put(ObjectKey key, JsonObject obj, string type, JsonObject? previous)
    {
        Materialize(obj);
        version++;
        ObjectMetadata.SetResourceVersion(obj, version);
        if (objects.TryGetValue(key, out var replaced))
            index.Remove(key, replaced);
        objects[key] = obj;
        index.Add(key, obj);
        persistence?.Save(key, obj, version);
        Publish(new StoredEvent(version, type, key, obj, previous));
        return (JsonObject)obj.DeepClone();
    }

    private JsonObject Remove(ObjectKey key, JsonObject last, JsonObject previous)
    {
        Materialize(last);
        version++;
        ObjectMetadata.SetResourceVersion(last, version);
        if (objects.Remove(key, out var removed))
            index.Remove(key, removed);
        persistence?.Remove(key, version);
        Publish(new StoredEvent(version, "DELETED", key, last, previous));
        return (JsonObject)last.DeepClone();
    }

    /// <summary>
    /// Parsed objects and arrays build their children lazily on first read; walking the tree once, under the lock,
    /// makes a stored object safe to read from many threads (watches, clones) afterwards.
    /// </summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                    Materialize(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    Materialize(child);
                break;
        }
    }
}
