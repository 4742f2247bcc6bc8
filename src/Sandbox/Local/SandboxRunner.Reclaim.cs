using k8s;
using Multi.Sandbox.Host;

namespace Multi.Sandbox.Local;

internal sealed partial class SandboxRunner
{
    /// <summary>
    /// After the sample pods: <c>default/leaky</c> is attached through multi like them, then dies as on a node that died
    /// (its network namespace removed, its pod object deleted, no CNI DEL), and the operator must release its claim
    /// within the grace period plus <see cref="ReclaimDemonstration.Slack"/>. Afterwards a late CNI DEL removes what the
    /// pod left on the node (multi's cache, the cluster network's host-local lease), as a runtime does for a sandbox it
    /// finds stale; it is recorded in the state file until then, so that <c>down</c> cleans up after a failure.
    /// </summary>
    private async Task<ReclaimReport> DemonstrateReclaimAsync(IKubernetes client, IReadOnlyList<SandboxPod> pods, CancellationToken cancellationToken)
    {
        var demo = new ReclaimDemonstration(client, Time, topology.NodeName);
        var before = (await PoolUsage.ReadAsync(client, Time, cancellationToken).ConfigureAwait(false))
            .Where(p => p.Problem is null).ToDictionary(p => p.Name, p => p.Allocated);
        progress($"reclaim: pod {ReclaimDemonstration.Display} on {ReclaimDemonstration.Network} (multi-ipam), operator reclaim grace {OperatorProcess.ReclaimGrace.TotalSeconds} s");
        await demo.CreatePodAsync(cancellationToken).ConfigureAwait(false);
        var leaky = await AddPodAsync(client, ReclaimDemonstration.Namespace, ReclaimDemonstration.PodName, [.. pods], cancellationToken).ConfigureAwait(false);
        var report = await LeakAsync(demo, client, leaky, before, cancellationToken).ConfigureAwait(false);
        var (cleanup, leftover) = await ForgetAsync(leaky, pods).ConfigureAwait(false);
        if (report.ReleasedAfter is null && report.Claim is not null && leftover is null)
        {
            cleanup += $"; the operator had not released {report.Claim}, so multi-ipam's part of the late DEL did";
        }

        return report with { Cleanup = cleanup, Problem = report.Problem ?? leftover };
    }

    /// <summary>The pod's address and claim, its death without DEL, and the wait for the operator's release.</summary>
    private async Task<ReclaimReport> LeakAsync(ReclaimDemonstration demo, IKubernetes client, SandboxPod leaky, Dictionary<string, int> before, CancellationToken cancellationToken)
    {
        var grace = OperatorProcess.ReclaimGrace;
        var bound = grace + ReclaimDemonstration.Slack;
        var report = new ReclaimReport(leaky.Display, $"{ReclaimDemonstration.Namespace}/{ReclaimDemonstration.Network}", null, null, null, grace, bound, null, null, null, null, null, null, string.Empty);
        var status = (await ReadNetworksAsync(client, [leaky], cancellationToken).ConfigureAwait(false))[0];
        var address = status.Networks.FirstOrDefault(n => n.Network == report.Network)?.Ips.FirstOrDefault();
        if (address is null)
        {
            return report with { Problem = $"{leaky.Display} has no address on {report.Network} in its network-status{(status.Problem is null ? "" : $": {status.Problem}")}" };
        }

        if (await demo.FindClaimAsync(leaky.Uid, address, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return report with { Address = address, Problem = $"no IPAllocation of {address} is owned by {leaky.Display} (UID {leaky.Uid})" };
        }

        var (claim, pool) = found;
        report = report with { Address = address, Claim = claim, Pool = pool };
        if (!before.TryGetValue(pool, out var allocatedBefore))
        {
            return report with { Problem = $"{pool} had no usable status before {leaky.Display} was attached" };
        }

        var during = await demo.AllocatedAsync(pool, cancellationToken).ConfigureAwait(false);
        return await DieAndAwaitReleaseAsync(demo, client, leaky, report with { AllocatedBefore = allocatedBefore, AllocatedDuring = during }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The pod dies as on a node that died (network namespace, then pod object; no DEL); then the bounded wait for the
    /// claim to go, the pool's status to count as before and the operator's event.
    /// </summary>
    private async Task<ReclaimReport> DieAndAwaitReleaseAsync(ReclaimDemonstration demo, IKubernetes client, SandboxPod leaky, ReclaimReport report, CancellationToken cancellationToken)
    {
        var (claim, pool, before, bound) = (report.Claim!, report.Pool!, report.AllocatedBefore!.Value, report.Bound);
        progress($"reclaim: {leaky.Display} ({report.Address}, {claim}) dies without CNI DEL: network namespace {topology.PodNamespace(leaky.Name)} removed, pod object deleted");
        await NetworkNamespace.Existing(topology.PodNamespace(leaky.Name)).DisposeAsync().ConfigureAwait(false);
        await client.CoreV1.DeleteNamespacedPodAsync(leaky.Name, leaky.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        var deletedAt = Time.GetTimestamp();
        progress($"reclaim: waiting up to {bound.TotalSeconds} s for the operator to release {claim} and {pool}'s status to count {before} again");
        var (releasedAfter, after, restored) = await demo.WaitForReleaseAsync(claim, pool, before, deletedAt, bound, cancellationToken).ConfigureAwait(false);
        var deadline = Time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(2, (bound - Time.GetElapsedTime(deletedAt)).TotalSeconds));
        var message = releasedAfter is null ? null : await demo.ReclaimEventAsync(pool, claim, deadline, cancellationToken).ConfigureAwait(false);
        return report with
        {
            ReleasedAfter = releasedAfter,
            AllocatedAfter = after,
            Event = message,
            Problem = releasedAfter is null ? $"the operator did not release {claim} within {bound.TotalSeconds} s of the pod's deletion (see {topology.OperatorLogFile})"
                : !restored ? $"{pool}'s status.allocated is {after?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}, not back to {before} within {bound.TotalSeconds} s"
                : message is null ? $"no AddressReclaimed event on {pool} names {claim}"
                : null,
        };
    }

    /// <summary>
    /// A late CNI DEL of the dead pod (its network namespace and pod object are gone; its claim too, unless the reclaim
    /// failed, in which case this DEL releases it), a check that no file of its container is left in multi's cache or
    /// the host-local leases, and the pod dropped from the state file. Returns what was done and what is left, if anything.
    /// </summary>
    private async Task<(string Cleanup, string? Leftover)> ForgetAsync(SandboxPod leaky, IReadOnlyList<SandboxPod> pods)
    {
        progress($"reclaim: late CNI DEL of {leaky.Display} to remove its node-local leftovers (multi's cache, the host-local lease)");
        var netns = NetworkNamespace.Existing(topology.PodNamespace(leaky.Name));
        var del = await Runtime(topology.Nodes[0]).DelAsync(RepoLayout.MultiBinary, topology.MultiConfig(), leaky.ContainerId, netns.Path, "eth0", leaky.CniArgs).ConfigureAwait(false);
        await netns.DisposeAsync().ConfigureAwait(false);
        if (!del.Succeeded)
        {
            return ("the late CNI DEL failed; `down` runs it again", $"the late CNI DEL of {leaky.Display} failed: {del.Stdout.Trim()} {del.Stderr.Trim()}");
        }

        var left = Files(topology.CacheDir).Concat(Leases(topology.Nodes[0]))
            .Where(f => Path.GetFileName(f).Contains(leaky.ContainerId, StringComparison.Ordinal) || File.ReadAllText(f).Contains(leaky.ContainerId, StringComparison.Ordinal))
            .ToList();
        if (left.Count > 0)
        {
            return ("the late CNI DEL left files behind; `down` reports them", $"files of {leaky.Display}'s container are left after its late CNI DEL: {string.Join(", ", left)}");
        }

        await WriteStateAsync(pods).ConfigureAwait(false);
        return ($"network namespace {topology.PodNamespace(leaky.Name)} and pod object gone; a late CNI DEL removed its cache entries and host-local lease; nothing of it is left", null);
    }
}
