namespace Multi.Runtime;

public sealed record ManagerOptions
{
    public string Name { get; init; } = "manager";

    /// <summary>Only the leader runs the controllers' workers; informers run on every instance.</summary>
    public bool LeaderElection { get; init; }

    public string LeaseNamespace { get; init; } = "kube-system";

    public string LeaseName { get; init; } = "manager-leader";

    public string Identity { get; init; } = Environment.MachineName + "_" + Guid.NewGuid().ToString("N")[..8];

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>e.g. "http://0.0.0.0:8081" or "http://127.0.0.1:0"; null serves no endpoint. Serves /healthz /readyz /metrics.</summary>
    public string? ProbeAddress { get; init; }

    /// <summary>How long shutdown waits for in-flight reconciles before cancelling their token.</summary>
    public TimeSpan GracefulShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
