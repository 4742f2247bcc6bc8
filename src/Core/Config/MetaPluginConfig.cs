using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Multi.Core.Annotations;

namespace Multi.Core.Config;

/// <summary>
/// The meta-plugin's own configuration, with Multus's key names (npwg-behaviour.md, section 2). Paths are
/// as configured; nothing here touches the disk.
/// </summary>
public sealed record MetaPluginConfig
{
    public const string DefaultConfDir = "/etc/cni/multus/net.d";
    /// <summary>Multi's own directory (Multus uses /var/lib/cni/multus); entries live in its <c>attachments/</c> sub-directory.</summary>
    public const string DefaultCniDir = "/var/lib/cni/multi";
    public const string DefaultBinDir = "/opt/cni/bin";
    /// <summary>Where Multus keeps its per-container cache files; read on DEL when Multi has no entry (migration).</summary>
    public const string DefaultMultusCniDir = "/var/lib/cni/multus";

    public required string Name { get; init; }

    public required string CniVersion { get; init; }

    /// <summary>Inline delegates: entry 0 is the cluster network. Ignored when <see cref="ClusterNetwork"/> is set.</summary>
    public ImmutableArray<JsonObject> Delegates { get; init; } = [];

    public string? ClusterNetwork { get; init; }

    public ImmutableArray<string> DefaultNetworks { get; init; } = [];

    public ImmutableArray<string> SystemNamespaces { get; init; } = ["kube-system"];

    public string MultusNamespace { get; init; } = "kube-system";

    public string? Kubeconfig { get; init; }

    public string ConfDir { get; init; } = DefaultConfDir;

    public string CniDir { get; init; } = DefaultCniDir;

    public string BinDir { get; init; } = DefaultBinDir;

    public string? ReadinessIndicatorFile { get; init; }

    /// <summary>Multi extension <c>readinessIndicatorTimeoutSeconds</c>; Multus waits 45 s.</summary>
    public TimeSpan ReadinessTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Multi extension <c>delegateTimeoutSeconds</c>: the bound on every delegate call.</summary>
    public TimeSpan DelegateTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public bool RetryDeleteOnError { get; init; }

    /// <summary>
    /// Multi extension <c>daemonSocket</c>: the node daemon's Unix socket (absolute). The <c>multi</c> executable forwards the
    /// request there when the daemon answers and runs it in-process otherwise (node-daemon.md, sections 2 and 3).
    /// </summary>
    public string? DaemonSocket { get; init; }

    /// <summary><c>namespaceIsolation</c> and <c>globalNamespaces</c> (npwg-behaviour.md, section 9).</summary>
    public NamespaceIsolationPolicy NamespaceIsolation { get; init; } = NamespaceIsolationPolicy.Disabled;

    /// <summary>Project key <c>verifyRequests</c>: false reduces a requested IP or MAC that was not applied to a warning.</summary>
    public bool VerifyRequests { get; init; } = true;

    /// <summary>Multi extension <c>multusCniDir</c>: a Multus cache file there is the second source of DEL.</summary>
    public string MultusCniDir { get; init; } = DefaultMultusCniDir;

    /// <summary>
    /// Multi extension <c>podResourcesSocket</c>: the kubelet's PodResources gRPC socket, the first source of device-plugin
    /// devices for attachments whose NAD names a <c>resourceName</c> (docs/devices.md).
    /// </summary>
    public string PodResourcesSocket { get; init; } = DefaultPodResourcesSocket;

    public const string DefaultPodResourcesSocket = "/var/lib/kubelet/pod-resources/kubelet.sock";

    /// <summary>Multi extension <c>podResourcesTimeoutSeconds</c>: the bound on one PodResources call (connection included).</summary>
    public TimeSpan PodResourcesTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Multi extension <c>deviceCheckpointFile</c>: the kubelet's device checkpoint, read when PodResources cannot be.</summary>
    public string DeviceCheckpointFile { get; init; } = Devices.DeviceCheckpoint.DefaultPath;

    /// <summary>Multi extension <c>deviceInfoDir</c>: the base of the NPWG device-info files (<c>dp/</c> and <c>cni/</c>).</summary>
    public string DeviceInfoDir { get; init; } = Devices.DeviceInfoPaths.DefaultBaseDir;

    public LogLevelSetting LogLevel { get; init; } = LogLevelSetting.Panic;

    public string? LogFile { get; init; }

    public bool LogToStderr { get; init; } = true;

    /// <summary>What the runtime supplied for the capabilities this configuration declares.</summary>
    public JsonObject? RuntimeConfig { get; init; }

    public JsonObject? PrevResult { get; init; }

    /// <summary>Keys recognised from Multus that have no effect in Multi; logged once, never fatal.</summary>
    public ImmutableArray<string> IgnoredKeys { get; init; } = [];

    /// <summary>Values that could not be used and fell back to a default (logged as warnings).</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];
}

public enum LogLevelSetting
{
    Debug,
    Verbose,
    Error,
    Panic,
}
