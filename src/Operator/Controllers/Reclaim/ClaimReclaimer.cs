using Microsoft.Extensions.Logging;
using Multi.Core.Ipam;
using Multi.Operator.Entities;
using Multi.Operator.Kube;
using Multi.Runtime.Reconcile;

namespace Multi.Operator.Controllers.Reclaim;

/// <summary>
/// Releases one claim (keyed by its name) whose owner is provably gone, under every rule of docs/ipam.md "Garbage
/// collection": older than the grace period; the owner judged by pod UID (and phase) on a fresh read of the pod, never by
/// its name alone; the claim itself read fresh and deleted with that read's UID and resource version, so a claim re-bound
/// or re-created meanwhile is never touched. The caches only decide that a fresh look is worth it: a claim whose owner is
/// live in the cache costs no request. Keys come from claim events, pod and node events (through the claim indexes) and
/// the periodic audit.
/// </summary>
internal sealed partial class ClaimReclaimer(ReclaimCaches caches, ReclaimApi api, EventRecorder events, ReclaimMetrics metrics, ReclaimOptions options, TimeProvider time, ILogger<ClaimReclaimer> logger)
    : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        // A claim the cache does not hold was deleted (its DELETED event brought the key), or is not cached yet: then its
        // ADDED event will bring the key again. Either way there is nothing to read now.
        if (caches.Claims.Get(key) is not { } cached)
        {
            return ReconcileResult.Done;
        }

        if (Waiting(cached) is { } young)
        {
            return young;
        }

        if (!IsCandidate(cached.Spec, caches))
        {
            return ReconcileResult.Done;
        }

        var claim = await api.ReadClaimAsync(key.Name, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return ReconcileResult.Done;
        }

        var pool = claim.Spec.Pool;
        metrics.Candidates.WithLabels(pool).Inc();
        if (Waiting(claim) is { } wait)
        {
            return wait;
        }

        var verdict = await JudgeFreshAsync(claim.Spec, cancellationToken).ConfigureAwait(false);
        if (!verdict.Gone)
        {
            metrics.Kept.WithLabels(pool).Inc();
            return ReconcileResult.Done;
        }

        switch (await api.DeleteClaimAsync(claim, cancellationToken).ConfigureAwait(false))
        {
            case ReleaseOutcome.Changed:
                metrics.Conflicts.WithLabels(pool).Inc();
                LogChanged(claim.Metadata.Name, claim.Metadata.ResourceVersion);
                return ReconcileResult.Done; // the claim's watch event brings the new version back to this queue
            case ReleaseOutcome.Gone:
                return ReconcileResult.Done;
        }

        var (owner, reason, why) = (claim.Spec.Owner, verdict.Reason, verdict.Why);
        metrics.Releases.WithLabels(pool, reason).Inc();
        LogReleased(claim.Spec.Address, pool, claim.Metadata.Name, reason, why);
        if (caches.Pools.Get(new(null, pool)) is { } poolObject)
        {
            await events.RecordAsync(poolObject, EventRecorder.Warning, "AddressReclaimed",
                $"released {claim.Spec.Address} ({claim.Metadata.Name}): {why}; it was held by container {Short(owner.ContainerId)} interface {owner.Interface} on node {owner.Node}",
                cancellationToken).ConfigureAwait(false);
        }

        return ReconcileResult.Done;
    }

    /// <summary>
    /// Null once the claim is past the grace period (counted from its creation, or from its binding when it was a reserved claim);
    /// otherwise what to return: look again when it will be, or Done for a
    /// claim without a creation time (the API server always sets one), which is never released.
    /// </summary>
    private ReconcileResult? Waiting(IpAllocationResource claim)
    {
        if (claim.Metadata.CreationTimestamp is not { } created)
        {
            return ReconcileResult.Done;
        }

        var since = new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc));
        if (claim.Metadata.Annotations?.TryGetValue(IpAllocationJson.BoundAtAnnotation, out var text) == true
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var bound) && bound > since)
        {
            since = bound; // a node-reserved claim bound to its pod: as young as its binding
        }

        var left = since + options.Grace - time.GetUtcNow();
        return left > TimeSpan.Zero ? ReconcileResult.RequeueAfter(left) : null;
    }

    /// <summary>
    /// Whether the caches make the claim worth a fresh look: a node-reserved claim whose node the cache lacks, or any other
    /// claim whose owner the cache shows gone, re-created or finished (an unidentified owner never is).
    /// </summary>
    internal static bool IsCandidate(IpAllocationSpec spec, ReclaimCaches caches) =>
        IpAllocationKinds.Normalize(spec.Kind) == IpAllocationKinds.NodeReserved
            ? spec.Owner.Node.Length > 0 && caches.Nodes.Get(new(null, spec.Owner.Node)) is null
            : IpAllocationOwners.IsReclaimable(IpAllocationOwners.Judge(spec.Owner, caches.CachedPod(spec.Owner.PodNamespace, spec.Owner.PodName)));

    /// <summary>
    /// The verdict on fresh reads: a node-reserved claim belongs to its node and goes when the node object is gone; any
    /// other claim is judged by its owner pod's UID and phase (<see cref="IpAllocationOwners"/>).
    /// </summary>
    private async Task<OwnerVerdict> JudgeFreshAsync(IpAllocationSpec spec, CancellationToken cancellationToken)
    {
        var owner = spec.Owner;
        if (IpAllocationKinds.Normalize(spec.Kind) == IpAllocationKinds.NodeReserved)
        {
            var gone = owner.Node.Length > 0 && !await api.NodeExistsAsync(owner.Node, cancellationToken).ConfigureAwait(false);
            return new OwnerVerdict(gone, "node-deleted", $"node {owner.Node}, which reserved it, was deleted");
        }

        var pod = IpAllocationOwners.Judge(owner, null) == IpAllocationOwnerState.Unidentified
            ? null
            : await api.ReadPodAsync(owner.PodNamespace, owner.PodName, cancellationToken).ConfigureAwait(false);
        var state = IpAllocationOwners.Judge(owner, pod);
        return new OwnerVerdict(IpAllocationOwners.IsReclaimable(state), IpAllocationOwners.Reason(state), IpAllocationOwners.Describe(state, owner, pod));
    }

    private static string Short(string containerId) => containerId.Length > 12 ? containerId[..12] : containerId;

    [LoggerMessage(340, LogLevel.Information, "reclaimed {Address} of pool {Pool} (claim {Claim}, {Reason}): {Why}")]
    private partial void LogReleased(string address, string pool, string claim, string reason, string why);

    [LoggerMessage(341, LogLevel.Information, "claim {Claim} changed since its read at resource version {ResourceVersion}; its release is abandoned and it is judged again")]
    private partial void LogChanged(string claim, string? resourceVersion);
}
