using Microsoft.Extensions.Logging;
using Multi.Core.Nad;
using Multi.Core.Networks;
using Multi.Core.Validation;
using Multi.Operator.Controllers.NadValidation;
using Multi.Operator.Entities;
using Multi.Operator.Kube;
using Multi.Runtime.Reconcile;

namespace Multi.Operator.Controllers.ClusterNetworks;

/// <summary>
/// Keeps one NAD per target namespace in step with each ClusterNetwork (DANM's declarative networks on top of the NPWG
/// NAD): validates the spec, renders the config once, creates, updates and deletes the NADs it owns, never touches a
/// NAD it did not render (a reported conflict), keeps an inline IPPool, and reports conditions. A finalizer holds the
/// network while pods are attached to its NADs. Level-triggered: every pass recomputes everything from the caches.
/// </summary>
internal sealed partial class ClusterNetworkReconciler(
    ClusterNetworkCaches caches,
    ClusterNetworkWrites networkWrites,
    NadWrites nadWrites,
    OwnedPools ownedPools,
    AttachedPods attachedPods,
    EventRecorder events,
    NadRenderOptions renderOptions,
    TimeProvider time,
    ILogger<ClusterNetworkReconciler> logger) : IReconciler
{
    /// <summary>How often a deletion held by attached pods looks again (pods are not watched).</summary>
    public static readonly TimeSpan AttachedPodsRecheck = TimeSpan.FromSeconds(10);

    /// <summary>NAD writes of one pass in flight at once.</summary>
    private const int WriteParallelism = 8;

    private static readonly ClusterNetworkValidator NetworkValidator = new();

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var network = caches.Networks.Get(key);
        if (network is null)
        {
            await DeleteNadsAsync(key.Name, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        if (network.Metadata.DeletionTimestamp is not null)
        {
            return await FinalizeAsync(network, cancellationToken).ConfigureAwait(false);
        }

        if (!Ownership.HasFinalizer(network.Metadata) && !await networkWrites.TrySetFinalizersAsync(network, [.. network.Metadata.Finalizers ?? [], Ownership.Finalizer], cancellationToken).ConfigureAwait(false))
        {
            return ReconcileResult.Done; // the network changed since the cache saw it: its event brings it back
        }

        var invalid = Validate(network);
        if (invalid is not null)
        {
            await ReportAsync(network, Report.Invalid("InvalidSpec", invalid), cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var rendered = ClusterNetworkRenderer.Render(network.Metadata.Name, network.Spec, renderOptions);
        if (!rendered.IsOk)
        {
            await ReportAsync(network, Report.Invalid("RenderFailed", rendered.Error.Msg), cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var report = await ConvergeAsync(network, rendered.Value, cancellationToken).ConfigureAwait(false);
        await ReportAsync(network, report, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    private async Task<Report> ConvergeAsync(ClusterNetwork network, RenderedNad rendered, CancellationToken cancellationToken)
    {
        var verdict = NadConfigValidator.Validate(new NetworkAttachmentDefinition("", network.Metadata.Name, rendered.Config, rendered.ResourceName));
        if (!verdict.Valid)
        {
            return Report.Invalid("RenderedConfigInvalid", NadVerdictAnnotation.Message(verdict));
        }

        var problems = new List<(string Reason, string Message)>();
        var ipam = network.Spec.Ipam;
        var poolProblem = ipam?.Pool is { } pool
            ? await ownedPools.EnsureAsync(network, pool, cancellationToken).ConfigureAwait(false)
            : ipam?.PoolRef is { } reference ? ownedPools.CheckReference(reference) : null;
        if (poolProblem is not null)
        {
            problems.Add((ipam?.Pool is null ? "PoolNotFound" : "PoolConflict", poolProblem));
        }

        var targets = NamespaceTargets.Compute(network.Spec, caches.Namespaces);
        var plan = NadPlan.Compute(network, rendered, targets.Namespaces, caches.Nads);
        await ApplyAsync(network, rendered, NadVerdictAnnotation.Render(verdict, rendered.Config), plan, cancellationToken).ConfigureAwait(false);
        var conflicts = plan.Conflicts.Select(c => $"{c.Namespace}/{network.Metadata.Name}").ToList();
        if (conflicts.Count > 0)
        {
            problems.Add(("NadConflict", $"{Listing(conflicts)} exist{(conflicts.Count == 1 ? "s" : "")} and {(conflicts.Count == 1 ? "was" : "were")} not rendered by this network (hand-written NADs are never overwritten)"));
        }

        var placed = plan.InSync + plan.Changes.Count(c => c.Kind is NadChangeKind.Create or NadChangeKind.Update);
        return new Report(
            HostInterfaceNames.ConsumedInterface(network.Metadata.Name, network.Spec), placed, targets.Namespaces.Count, problems, targets.Missing);
    }

    private async Task ApplyAsync(ClusterNetwork network, RenderedNad rendered, string verdict, NadPlan plan, CancellationToken cancellationToken)
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(plan.Changes.Where(c => c.Kind != NadChangeKind.Conflict), options, async (change, ct) =>
        {
            try
            {
                await (change.Kind switch
                {
                    NadChangeKind.Create => nadWrites.CreateAsync(NadRendering.New(change.Namespace, network, rendered, verdict), ct),
                    NadChangeKind.Update => nadWrites.ReplaceAsync(NadRendering.Updated(change.Existing!, network, rendered, verdict), ct),
                    _ => nadWrites.DeleteAsync(change.Existing!, ct),
                }).ConfigureAwait(false);
                NadChanged(change.Kind.ToString(), change.Namespace, network.Metadata.Name);
            }
            catch (Exception ex) when (KubeErrors.IsConflict(ex) || KubeErrors.IsNotFound(ex))
            {
                // The cache was behind our own earlier write or someone else's: the newer object reaches the informer,
                // whose event maps back to this network and reconciles it again. Not a failure to back off from.
                StaleCache(change.Kind.ToString(), change.Namespace, network.Metadata.Name);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Enqueue(new InvalidOperationException($"{change.Kind} of NAD {change.Namespace}/{network.Metadata.Name} failed: {ex.Message}", ex));
            }
        }).ConfigureAwait(false);
        if (!failures.IsEmpty)
        {
            // Retried with backoff; what succeeded stays (the next pass finds it in sync).
            throw new AggregateException(failures);
        }
    }

    private static string? Validate(ClusterNetwork network)
    {
        var result = NetworkValidator.Validate((network.Metadata.Name, network.Spec));
        return result.IsValid ? null : string.Join("; ", result.Errors.Select(e => e.ErrorMessage));
    }

    internal static string Listing(IReadOnlyCollection<string> names) =>
        string.Join(", ", names.Take(10)) + (names.Count > 10 ? $" and {names.Count - 10} more ({names.Count} in all)" : "");

    [LoggerMessage(321, LogLevel.Debug, "{Change} of NAD {Namespace}/{Name} met a newer object; the informer brings it back")]
    private partial void StaleCache(string change, string @namespace, string name);

    [LoggerMessage(320, LogLevel.Debug, "{Change} NAD {Namespace}/{Name}")]
    private partial void NadChanged(string change, string @namespace, string name);
}
