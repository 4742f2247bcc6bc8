namespace Multi.Runtime.Leadership;

/// <summary>Where the lease lives, who this candidate is and client-go's three timings.</summary>
internal sealed record LeaderElectionConfig(
    string Namespace,
    string Name,
    string Identity,
    TimeSpan LeaseDuration,
    TimeSpan RenewDeadline,
    TimeSpan RetryPeriod)
{
    public static LeaderElectionConfig From(ManagerOptions options)
    {
        if (options.RenewDeadline >= options.LeaseDuration)
            throw new ArgumentException("RenewDeadline must be shorter than LeaseDuration", nameof(options));
        if (options.RetryPeriod >= options.RenewDeadline)
            throw new ArgumentException("RetryPeriod must be shorter than RenewDeadline", nameof(options));
        return new(options.LeaseNamespace, options.LeaseName, options.Identity, options.LeaseDuration, options.RenewDeadline, options.RetryPeriod);
    }
}
