namespace Multi.Runtime.Reconcile;

/// <summary>
/// Brings the world in line with the object named by a key, reading the latest state from the informers' caches.
/// Throw to retry with exponential backoff; return <see cref="ReconcileResult.RequeueAfter"/> to look again later;
/// return <see cref="ReconcileResult.Done"/> otherwise. A key is never reconciled by two workers at once.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
