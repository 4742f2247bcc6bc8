namespace Multi.Operator.NodeAgent.Install;

/// <summary>
/// Node installation (section <c>Operator:Install</c>, agent mode). Every path is the agent's view of a host path; the
/// DaemonSet mounts each host directory at the same path, so the files written name paths that are valid on the host.
/// </summary>
internal sealed class InstallOptions
{
    public const string Section = "Operator:Install";

    /// <summary>Off by default, so an agent started by hand or by tests never writes into this machine's CNI directories.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where the image keeps the <c>multi</c> binary (installed as <c>multi</c> and <c>multi-ipam</c>).</summary>
    public string SourceDir { get; set; } = "/opt/multi/bin";

    public string CniBinDir { get; set; } = "/opt/cni/bin";

    public string CniConfDir { get; set; } = "/etc/cni/net.d";

    /// <summary>The thin-fallback kubeconfig; unset means <c>&lt;CniConfDir&gt;/multi.d/multi.kubeconfig</c>.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The host directory the service-account token is copied to (the kubeconfig's <c>tokenFile</c>).</summary>
    public string TokenDir { get; set; } = "/var/lib/multi/serviceaccount";

    /// <summary>The pod's service-account directory (<c>token</c>, <c>ca.crt</c>).</summary>
    public string ServiceAccountDir { get; set; } = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>The API server URL the kubeconfig names; unset means https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT.</summary>
    public string? ApiServer { get; set; }

    /// <summary>A file the primary CNI creates when it is ready; nothing is written before it exists.</summary>
    public string? ReadinessIndicatorFile { get; set; }

    /// <summary>File names in the conf dir that are never taken as the primary configuration.</summary>
    public List<string> SkipFiles { get; set; } = [];

    /// <summary>How often the conf dir, the token and the binaries' state are looked at again.</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The agent's own DaemonSet: when it is gone or being deleted, a stopping agent removes its configuration.</summary>
    public string DaemonSetName { get; set; } = "multi-agent";

    public string DaemonSetNamespace { get; set; } = "multi-system";

    public string KubeconfigPath => string.IsNullOrEmpty(Kubeconfig) ? Path.Combine(CniConfDir, "multi.d", "multi.kubeconfig") : Kubeconfig;

    public string TokenPath => Path.Combine(TokenDir, "token");

    public string ConfigPath => Path.Combine(CniConfDir, MultiConflist.FileName);
}
