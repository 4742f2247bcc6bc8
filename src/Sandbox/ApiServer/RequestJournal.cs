namespace Multi.Sandbox.ApiServer;

/// <summary>
/// The requests the server received, in arrival order: all are counted, the latest <c>capacity</c> are kept.
/// Safe to read while requests arrive.
/// </summary>
internal sealed class RequestJournal(int capacity)
{
    private readonly Lock gate = new();
    private readonly Queue<ApiRequestInfo> recent = new();
    private long count;

    public long Count
    {
        get
        {
            lock (gate)
                return count;
        }
    }

    public IReadOnlyList<ApiRequestInfo> Snapshot()
    {
        lock (gate)
            return recent.ToArray();
    }

    /// <summary>Numbers (from 1) and records a request.</summary>
    public ApiRequestInfo Record(Func<long, ApiRequestInfo> create)
    {
        lock (gate)
        {
            var info = create(++count);
            recent.Enqueue(info);
            while (recent.Count > Math.Max(1, capacity))
                recent.Dequeue();
            return info;
        }
    }
}
