using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Multi.Runtime.Leadership;

/// <summary>
/// client-go's leader election on a coordination.k8s.io/v1 Lease. A candidate takes the lease when it is absent,
/// released (no holder) or not renewed for a lease duration as seen on this candidate's clock (so clock skew between
/// candidates does not matter); every write carries the read resourceVersion, so of two candidates one gets 409 and
/// loses. The leader renews every RetryPeriod and gives up when it has not renewed for RenewDeadline.
/// </summary>
internal sealed partial class LeaderElector
{
    private readonly IKubernetes client;
    private readonly LeaderElectionConfig config;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private string? observedRecord;
    private long observedAt;

    public LeaderElector(IKubernetes client, LeaderElectionConfig config, TimeProvider time, ILogger logger)
    {
        this.client = client;
        this.config = config;
        this.time = time;
        this.logger = logger;
    }

    public bool IsLeader { get; private set; }

    /// <summary>Retries every RetryPeriod until this candidate holds the lease; throws when cancelled.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (!await TryWithTimeoutAsync(config.RetryPeriod, cancellationToken).ConfigureAwait(false))
            await Task.Delay(config.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
        IsLeader = true;
        LeaderLog.Acquired(logger, config.Identity, config.Namespace, config.Name);
    }

    /// <summary>Renews until cancelled (answers false) or until renewing failed for RenewDeadline (answers true: lost).</summary>
    public async Task<bool> KeepLeadingAsync(CancellationToken cancellationToken)
    {
        var renewed = time.GetTimestamp();
        while (true)
        {
            try
            {
                await Task.Delay(config.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            var remaining = config.RenewDeadline - time.GetElapsedTime(renewed);
            if (remaining > TimeSpan.Zero && await TryWithTimeoutAsync(remaining, cancellationToken).ConfigureAwait(false))
            {
                renewed = time.GetTimestamp();
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
                return false;
            if (time.GetElapsedTime(renewed) >= config.RenewDeadline)
            {
                IsLeader = false;
                LeaderLog.Lost(logger, config.Identity, config.Namespace, config.Name, config.RenewDeadline);
                return true;
            }
        }
    }

    private async Task<bool> TryWithTimeoutAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await TryAcquireOrRenewAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception error) when (error is HttpOperationException or HttpRequestException or IOException)
        {
            LeaderLog.RequestFailed(logger, error, config.Identity, config.Namespace, config.Name);
            return false;
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lease = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (lease is null)
            return await CreateAsync(now, cancellationToken).ConfigureAwait(false);
        var spec = lease.Spec ??= new V1LeaseSpec();
        Observe(spec);
        var holder = spec.HolderIdentity;
        var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)config.LeaseDuration.TotalSeconds);
        if (!string.IsNullOrEmpty(holder) && holder != config.Identity && time.GetElapsedTime(observedAt) < duration)
        {
            LeaderLog.HeldBy(logger, config.Namespace, config.Name, holder);
            return false;
        }

        if (holder != config.Identity)
        {
            spec.HolderIdentity = config.Identity;
            spec.AcquireTime = now;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        }

        spec.LeaseDurationSeconds = LeaseSeconds;
        spec.RenewTime = now;
        return await WriteAsync(lease, cancellationToken).ConfigureAwait(false);
    }
}
