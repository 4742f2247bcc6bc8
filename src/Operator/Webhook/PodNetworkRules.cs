using Multi.Core.Annotations;

namespace Multi.Operator.Webhook;

/// <summary>
/// The parts of the nodes' meta-plugin configuration that pod admission needs (npwg-behaviour.md, sections 4 and 9):
/// the namespace of unqualified override references and namespace isolation. The webhook cannot read the nodes'
/// configuration, so the manager is told the same values (<c>Operator:Webhook:*</c>).
/// </summary>
internal sealed record PodNetworkRules(string MultusNamespace, NamespaceIsolationPolicy Isolation)
{
    /// <summary>The interface the runtime gives the cluster network (kubelet's <c>CNI_IFNAME</c>).</summary>
    public const string RuntimeIfName = "eth0";

    public static PodNetworkRules From(WebhookOptions options) => new(
        options.MultusNamespace, NamespaceIsolationPolicy.Create(options.NamespaceIsolation, options.GlobalNamespaces));
}
