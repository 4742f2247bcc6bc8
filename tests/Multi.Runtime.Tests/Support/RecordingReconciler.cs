using System.Collections.Concurrent;
using Multi.Runtime.Reconcile;

namespace Multi.Runtime.Tests.Support;

/// <summary>One reconcile as a test saw it: who ran it, for which key, from when to when (real clock).</summary>
internal sealed record ReconcileRecord(string Identity, ObjectKey Key, DateTimeOffset Start, DateTimeOffset End, string Outcome);

/// <summary>Runs a behaviour per key and records every reconcile, its attempt number and its outcome.</summary>
internal sealed class RecordingReconciler(string identity, Func<ObjectKey, int, CancellationToken, Task<ReconcileResult>>? behaviour = null) : IReconciler
{
    private readonly ConcurrentDictionary<ObjectKey, int> attempts = new();
    private readonly ConcurrentQueue<ReconcileRecord> records = new();

    public IReadOnlyList<ReconcileRecord> Records => [.. records];

    public int Attempts(ObjectKey key) => attempts.GetValueOrDefault(key);

    public int Count(string name) => Records.Count(record => record.Key.Name == name);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var attempt = attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
        var start = DateTimeOffset.UtcNow;
        var outcome = "done";
        try
        {
            var result = behaviour is null ? ReconcileResult.Done : await behaviour(key, attempt, cancellationToken);
            outcome = result.ToString();
            return result;
        }
        catch (Exception error)
        {
            outcome = error.GetType().Name;
            throw;
        }
        finally
        {
            records.Enqueue(new ReconcileRecord(identity, key, start, DateTimeOffset.UtcNow, outcome));
        }
    }
}
