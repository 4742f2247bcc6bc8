using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using Multi.Operator.Entities;
using Multi.Operator.Kube;
using Multi.Operator.NodeAgent.HostInterfaces;
using Multi.Runtime.Reconcile;

namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>
/// The node agent's host-interface pass (host-interfaces.md, sections 4–8), one key: this node. Level-triggered: computes
/// the desired links from the caches, reads the kernel, plans, applies the plan as a transaction (rolled back on failure),
/// plans again over what the kernel now shows (a network being deleted is no longer desired: section 7) and publishes that in the node's NodeNetworkState when it changed. Waits on
/// the world (a missing parent) by the periodic resync and the netlink link events, never by a hot retry; a failed
/// transaction is rethrown after its report, so the work queue retries it with backoff.
/// </summary>
internal sealed partial class HostInterfaceReconciler(
    string node,
    HostInterfaceCaches caches,
    HostLinkKernel kernel,
    NodeNetworkStateWrites writes,
    EventRecorder events,
    HostLinkMetrics metrics,
    TimeSpan resync,
    TimeProvider time,
    ILogger<HostInterfaceReconciler> logger) : IReconciler
{
    public ObjectKey Key { get; } = new(null, node);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var record = caches.States.Get(Key);
        var nodeObject = caches.Nodes.Get(Key);
        var desired = Desired(nodeObject?.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : null);
        var attachments = PodAttachments.From(caches.Pods.List());
        var raised = record?.Status?.RaisedParents.ToList() ?? [];
        var plan = HostLinkPlanner.Plan(desired, kernel.Observe(), attachments, raised);
        TransactionResult? result = null;
        if (plan.Verdict == PlanVerdict.Apply)
        {
            result = HostLinkTransaction.Apply(plan, kernel);
            Report(plan, result, record?.Status);
            plan = HostLinkPlanner.Plan(desired, kernel.Observe(), attachments, result.Succeeded ? plan.RaisedParents : raised);
        }

        metrics.Observed(plan);
        var lastError = result is { Succeeded: false } ? ErrorText(result)
            : nodeObject is null ? $"Node {node} not found: its labels are taken as empty, so only networks without a nodeSelector select it" : null;
        var status = NodeNetworkStateStatusBuilder.Build(plan, lastError, record?.Status, time.GetUtcNow().UtcDateTime);
        await PublishAsync(record, status, nodeObject?.Metadata?.Uid, cancellationToken).ConfigureAwait(false);
        await RecordEventsAsync(plan, result, record?.Status, cancellationToken).ConfigureAwait(false);
        metrics.Took(Stopwatch.GetElapsedTime(started));
        if (result is { Succeeded: false })
        {
            throw new HostLinkTransactionException(lastError!);
        }

        return ReconcileResult.RequeueAfter(resync);
    }

    /// <summary>
    /// The links of the networks not being deleted (section 7: a deleted declaration's links go once no pod needs them); the
    /// link names every network still declares, deleted or not, so that the pods attached through a network being deleted
    /// keep its links until they are gone.
    /// </summary>
    private NodeDesiredState Desired(IReadOnlyDictionary<string, string>? labels)
    {
        var all = caches.Networks.List();
        var live = NodeDesiredStateBuilder.Compute(all.Where(n => n.Metadata.DeletionTimestamp is null).Select(n => (n.Metadata.Name, n.Spec)), labels);
        return all.Any(n => n.Metadata.DeletionTimestamp is not null)
            ? live with { Declared = NodeDesiredStateBuilder.Compute(all.Select(n => (n.Metadata.Name, n.Spec)), labels).Declared }
            : live;
    }

    /// <summary>Logs and counts what a transaction did.</summary>
    private void Report(HostLinkPlan plan, TransactionResult result, NodeNetworkStateStatus? previous)
    {
        var applied = plan.Steps.Take(result.Applied).Select(s => s.Action).ToList();
        var wasReady = previous?.Links.Where(l => l.State == nameof(LinkState.Ready)).Select(l => l.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var repaired = result.Succeeded ? applied.Select(a => a.Link).Distinct(StringComparer.Ordinal).Count(wasReady.Contains) : 0;
        metrics.Applied(applied, repaired);
        if (result.Succeeded)
        {
            Applied(node, result.Applied, string.Join("; ", applied));
            return;
        }

        metrics.RolledBack();
        StepFailed(node, result.Failed!.ToString(), result.Error ?? "", result.RolledBack.Count);
        foreach (var error in result.RollbackErrors)
        {
            RollbackStepFailed(node, error);
        }
    }

    private static string ErrorText(TransactionResult result)
    {
        var text = $"{result.Failed}: {result.Error}; rolled back {result.RolledBack.Count} step(s)";
        return result.RollbackErrors.Count == 0 ? text : $"{text}, {result.RollbackErrors.Count} of them failed: {string.Join("; ", result.RollbackErrors)}";
    }

    /// <summary>Creates the record when absent; writes the status only when it differs from the cached one (it is stable).</summary>
    private async Task PublishAsync(NodeNetworkState? record, NodeNetworkStateStatus status, string? nodeUid, CancellationToken cancellationToken)
    {
        if (record?.Status is { } previous && JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(previous)), JsonNode.Parse(KubernetesJson.Serialize(status))))
        {
            return;
        }

        var meta = record?.Metadata ?? await writes.CreateAsync(node, nodeUid, cancellationToken).ConfigureAwait(false);
        await writes.WriteStatusAsync(meta, status, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(600, LogLevel.Information, "host interfaces on {Node}: applied {Count} step(s): {Steps}")]
    private partial void Applied(string node, int count, string steps);

    [LoggerMessage(601, LogLevel.Warning, "host interfaces on {Node}: {Step} failed ({Error}); rolled back {RolledBack} step(s)")]
    private partial void StepFailed(string node, string step, string error, int rolledBack);

    [LoggerMessage(602, LogLevel.Error, "host interfaces on {Node}: a rollback step failed: {Error}")]
    private partial void RollbackStepFailed(string node, string error);
}
