namespace Multi.Sandbox.Local;

/// <summary>
/// What a device plugin and the kubelet's device manager do for one extended resource: every pod that asks for units gets
/// that many devices of the pool, container by container, the lowest free devices first; pods are served in creation
/// order (then namespace, name, UID), so the result is deterministic. An allocation is kept for the pod's UID while the pod
/// exists (a later pod never moves it) and freed when the pod is gone; a pod asking for more than is free gets nothing
/// (the kubelet would reject it at admission) and is tried again at the next <see cref="Sync"/>.
/// </summary>
internal sealed class KubeletDeviceAllocator(IReadOnlyList<string> pool)
{
    private readonly Dictionary<string, IReadOnlyList<(string Container, IReadOnlyList<string> Ids)>> byUid = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public IReadOnlyList<string> Pool => pool;

    /// <summary>Frees the devices of pods no longer listed and allocates for new pods that ask for units.</summary>
    public void Sync(IReadOnlyList<KubeletPod> pods)
    {
        lock (gate)
        {
            var live = pods.Select(p => p.Uid).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in byUid.Keys.Where(uid => !live.Contains(uid)).ToList())
            {
                byUid.Remove(gone);
            }

            var ordered = pods
                .Where(p => p.Units > 0 && !byUid.ContainsKey(p.Uid))
                .OrderBy(p => p.Created)
                .ThenBy(p => p.Namespace, StringComparer.Ordinal)
                .ThenBy(p => p.Name, StringComparer.Ordinal)
                .ThenBy(p => p.Uid, StringComparer.Ordinal);
            foreach (var pod in ordered)
            {
                Allocate(pod);
            }
        }
    }

    /// <summary>The devices allocated to the pod, per container in spec order (empty when it has none).</summary>
    public IReadOnlyList<(string Container, IReadOnlyList<string> Ids)> DevicesOf(string uid)
    {
        lock (gate)
        {
            return byUid.TryGetValue(uid, out var devices) ? devices : [];
        }
    }

    private void Allocate(KubeletPod pod)
    {
        var used = byUid.Values.SelectMany(d => d).SelectMany(d => d.Ids).ToHashSet(StringComparer.Ordinal);
        var free = new Queue<string>(pool.Where(id => !used.Contains(id)));
        if (free.Count < pod.Units)
        {
            return;
        }

        byUid[pod.Uid] = pod.Requests
            .Where(r => r.Units > 0)
            .Select(r => (r.Container, (IReadOnlyList<string>)Enumerable.Range(0, r.Units).Select(_ => free.Dequeue()).ToList()))
            .ToList();
    }
}
