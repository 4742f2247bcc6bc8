using Multi.Operator.Webhook;

namespace Multi.Operator.Hosting;

/// <summary>The operator's options (section <c>Operator</c>; command line <c>--Operator:Mode=agent</c>, environment <c>Operator__Mode</c>).</summary>
public sealed class OperatorOptions
{
    public const string Section = "Operator";

    /// <summary><c>manager</c> (controllers, one active replica) or <c>agent</c> (node DaemonSet).</summary>
    public string Mode { get; set; } = "manager";

    /// <summary>The node an agent serves; required in agent mode (the DaemonSet sets it from spec.nodeName).</summary>
    public string? NodeName { get; set; }

    /// <summary>A kubeconfig file; unset means the usual resolution: <c>KUBECONFIG</c>, then in-cluster, then <c>~/.kube/config</c>.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Only the holder of the Lease reconciles; off only for a single replica that knows it is alone (tests).</summary>
    public bool LeaderElection { get; set; } = true;

    /// <summary>The Lease's namespace; the Deployment sets it to its own namespace through the downward API.</summary>
    public string LeaseNamespace { get; set; } = "multi-system";

    public string LeaseName { get; set; } = "multi-manager";

    /// <summary>This replica's name in the Lease; the Deployment sets it to the pod's name.</summary>
    public string? Identity { get; set; }

    /// <summary>Where <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> are served; empty turns the endpoint off.</summary>
    public string? ProbeAddress { get; set; } = "http://0.0.0.0:8081";

    /// <summary>Workers per controller.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>Leak reclaim never releases a claim younger than this (since its creation): docs/ipam.md, "Garbage collection".</summary>
    public TimeSpan ReclaimGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often every pool's claims are listed afresh and checked for owners that are gone.</summary>
    public TimeSpan AuditInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The kubeconfig path on the nodes that rendered NADs give <c>multi-ipam</c>.</summary>
    public string IpamKubeconfig { get; set; } = "/etc/cni/net.d/multi.d/multi.kubeconfig";

    /// <summary>The node daemon's socket that rendered NADs give <c>multi-ipam</c> (<c>ipam.daemonSocket</c>).</summary>
    public string IpamDaemonSocket { get; set; } = "/run/multi/multi.sock";

    /// <summary>The admission webhook (manager mode): docs/operator.md, "Admission webhook".</summary>
    public WebhookOptions Webhook { get; set; } = new();
}
