namespace Multi.Operator.Webhook;

/// <summary>The admission webhook of manager mode (<c>--Operator:Webhook:X=…</c>, <c>Operator__Webhook__X</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Off by default, so a manager started by hand or by tests needs no certificate; the Deployment sets it.</summary>
    public bool Enabled { get; set; }

    /// <summary>The IP address Kestrel listens on.</summary>
    public string Address { get; set; } = "0.0.0.0";

    public int Port { get; set; } = 9443;

    /// <summary>The mounted Secret (type kubernetes.io/tls): <c>tls.crt</c> and <c>tls.key</c>, PEM.</summary>
    public string CertDir { get; set; } = "/etc/multi/webhook";

    /// <summary>How often the files are compared with the certificate being served; a change is served on new connections.</summary>
    public TimeSpan CertCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The nodes' <c>multusNamespace</c>: where an unqualified <c>default-network</c> reference is looked up.</summary>
    public string MultusNamespace { get; set; } = "kube-system";

    /// <summary>The nodes' <c>namespaceIsolation</c>.</summary>
    public bool NamespaceIsolation { get; set; }

    /// <summary>The nodes' <c>globalNamespaces</c> (a comma list); unset means <c>default</c>.</summary>
    public string? GlobalNamespaces { get; set; }

    /// <summary>
    /// A vlan plugin (in a NAD or a <c>type: vlan</c> ClusterNetwork) on a VLAN a ClusterNetwork manages
    /// (host-interfaces.md, section 9): <see cref="Deny"/> (the default) refuses it, <see cref="Warn"/> admits it with a warning.
    /// </summary>
    public string VlanClash { get; set; } = Deny;

    public const string Deny = "Deny";
    public const string Warn = "Warn";

    internal bool DeniesVlanClash => VlanClash == Deny;
}
