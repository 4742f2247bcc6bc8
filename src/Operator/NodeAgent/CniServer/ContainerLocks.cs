namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>
/// One async lock per key (a plugin kind and a CNI_CONTAINERID), so that ADD, CHECK and DEL of one container never interleave. An
/// entry lives while someone holds or awaits it (reference counted), so the table holds only the containers being served.
/// </summary>
internal sealed class ContainerLocks
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (entries)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Waits for the key's lock; dispose the result to release it.</summary>
    public async Task<IDisposable> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (entries)
        {
            if (!entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                entries.Add(key, entry);
            }

            entry.References++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Unreference(key, entry);
            throw;
        }

        return new Holder(this, key, entry);
    }

    private void Unreference(string key, Entry entry)
    {
        lock (entries)
        {
            if (--entry.References == 0)
            {
                entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int References { get; set; }
    }

    private sealed class Holder(ContainerLocks owner, string key, Entry entry) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                entry.Semaphore.Release();
                owner.Unreference(key, entry);
            }
        }
    }
}
