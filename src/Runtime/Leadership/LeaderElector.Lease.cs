using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Multi.Runtime.Leadership;

internal sealed partial class LeaderElector
{
    private int LeaseSeconds => Math.Max(1, (int)Math.Ceiling(config.LeaseDuration.TotalSeconds));

    /// <summary>Gives the lease up at once (no holder, a one-second duration) so another candidate need not wait.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (!IsLeader)
            return;
        IsLeader = false;
        try
        {
            var lease = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (lease?.Spec is not { } spec || spec.HolderIdentity != config.Identity)
                return;
            var now = time.GetUtcNow().UtcDateTime;
            spec.HolderIdentity = null;
            spec.LeaseDurationSeconds = 1;
            spec.AcquireTime = now;
            spec.RenewTime = now;
            if (await WriteAsync(lease, cancellationToken).ConfigureAwait(false))
                LeaderLog.Released(logger, config.Identity, config.Namespace, config.Name);
        }
        catch (Exception error) when (error is HttpOperationException or HttpRequestException or IOException or OperationCanceledException)
        {
            LeaderLog.RequestFailed(logger, error, config.Identity, config.Namespace, config.Name);
        }
    }

    private static bool IsStatus(HttpOperationException error, HttpStatusCode code) => error.Response?.StatusCode == code;

    private async Task<V1Lease?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(config.Name, config.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException error) when (IsStatus(error, HttpStatusCode.NotFound))
        {
            return null;
        }
    }

    private async Task<bool> CreateAsync(DateTime now, CancellationToken cancellationToken)
    {
        var lease = new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = config.Name, NamespaceProperty = config.Namespace },
            Spec = new V1LeaseSpec
            {
                HolderIdentity = config.Identity,
                LeaseDurationSeconds = LeaseSeconds,
                AcquireTime = now,
                RenewTime = now,
                LeaseTransitions = 0,
            },
        };
        try
        {
            var created = await client.CoordinationV1.CreateNamespacedLeaseAsync(lease, config.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            Observe(created.Spec);
            return true;
        }
        catch (HttpOperationException error) when (IsStatus(error, HttpStatusCode.Conflict))
        {
            return false;
        }
    }

    /// <summary>Replaces the lease with the resourceVersion it was read at: 409 means another candidate wrote first.</summary>
    private async Task<bool> WriteAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        try
        {
            var written = await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, config.Name, config.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            Observe(written.Spec);
            return true;
        }
        catch (HttpOperationException error) when (IsStatus(error, HttpStatusCode.Conflict))
        {
            return false;
        }
    }

    /// <summary>Notes when the lease record last changed, on this candidate's clock.</summary>
    private void Observe(V1LeaseSpec? spec)
    {
        var record = spec is null ? "" : KubernetesJson.Serialize(spec);
        if (record == observedRecord)
            return;
        observedRecord = record;
        observedAt = time.GetTimestamp();
    }
}
