using Microsoft.Extensions.Logging;
using Multi.Core.Validation;
using Multi.Core.Nad;
using Multi.Operator.Entities;
using Multi.Operator.Kube;
using Multi.Runtime.Informers;
using Multi.Runtime.Reconcile;

namespace Multi.Operator.Controllers.NadValidation;

/// <summary>
/// Judges every NAD, hand-written or rendered, with the validators the webhook and <c>multictl validate</c> share, and
/// publishes the verdict as the <see cref="NadVerdictAnnotation"/> and an Event. A NAD whose annotation already judges
/// its current config is left alone, so each config is judged and announced once; rendered NADs are born judged.
/// </summary>
internal sealed partial class NadValidationReconciler(
    IReadOnlyStore<NadResource> nads, NadWrites writes, EventRecorder events, ILogger<NadValidationReconciler> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var nad = nads.Get(key);
        if (nad is null || nad.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var config = nad.Spec.Config;
        if (NadVerdictAnnotation.IsCurrent(nad.Metadata.Annotation(NadVerdictAnnotation.Key), config))
        {
            return ReconcileResult.Done;
        }

        var verdict = NadConfigValidator.Validate(new NetworkAttachmentDefinition(
            nad.Metadata.NamespaceProperty, nad.Metadata.Name, config, nad.Metadata.Annotation(NadResource.ResourceNameAnnotation)));
        try
        {
            await writes.AnnotateAsync(nad, NadVerdictAnnotation.Key, NadVerdictAnnotation.Render(verdict, config), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (KubeErrors.IsConflict(ex) || KubeErrors.IsNotFound(ex))
        {
            return ReconcileResult.Done; // judged a NAD that has changed or gone since: its event brings the newer one
        }

        var message = NadVerdictAnnotation.Message(verdict);
        Judged(key.ToString(), verdict.Valid, message);
        await events.RecordAsync(
            nad, verdict.Valid ? EventRecorder.Normal : EventRecorder.Warning, verdict.Valid ? "ConfigValid" : "InvalidConfig", message, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    [LoggerMessage(310, LogLevel.Information, "NAD {Key} judged: valid={Valid}: {Message}")]
    private partial void Judged(string key, bool valid, string message);
}
