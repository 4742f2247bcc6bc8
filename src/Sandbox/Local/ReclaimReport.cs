namespace Multi.Sandbox.Local;

/// <summary>
/// What <c>up</c>'s reclaim demonstration saw: a pod attached through multi (its address on the multi-ipam network and
/// the IPAllocation claiming it) that died without CNI DEL, and whether the operator released the claim within
/// <see cref="Bound"/> of the pod's deletion: <see cref="ReleasedAfter"/> (from the deletion until the claim was seen
/// gone), the <c>AddressReclaimed</c> event's message and the pool's <c>status.allocated</c> before the pod, while it
/// held its address and after the release. <see cref="Problem"/> names what did not happen (a failure of <c>up</c>);
/// <see cref="Cleanup"/> says how the pod's node-local leftovers went.
/// </summary>
internal sealed record ReclaimReport(
    string Pod,
    string Network,
    string? Address,
    string? Claim,
    string? Pool,
    TimeSpan Grace,
    TimeSpan Bound,
    TimeSpan? ReleasedAfter,
    string? Event,
    int? AllocatedBefore,
    int? AllocatedDuring,
    int? AllocatedAfter,
    string? Problem,
    string Cleanup)
{
    /// <summary>The claim went, the pool's allocated count came back, and the pod's node-local state is gone.</summary>
    public bool Reclaimed => Problem is null;
}
