using System.Collections.Immutable;
using k8s.Models;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Nad;

namespace Multi.Operator.Webhook;

/// <summary>
/// Pod CREATE (npwg-behaviour.md, section 14): the <c>networks</c> and <c>default-network</c> annotations through Core's
/// parser, namespace isolation, the NADs they name (present, and a <c>spec.config</c> that resolves to a delegate), the
/// requested interface names and the default-route gateways, in the CNI path's order and with its messages. Only the
/// rules that do not depend on the node are applied; the CNI path re-validates everything.
/// </summary>
internal sealed partial class PodAdmission(PodNetworkRules rules, INadSource nads)
{
    public async Task<AdmissionVerdict> ValidateAsync(V1Pod pod, string podNamespace, CancellationToken cancellationToken)
    {
        var selections = Parse(pod, podNamespace);
        if (!selections.IsOk)
        {
            return Deny(pod, podNamespace, selections.Error);
        }

        var (overrideSelection, elements) = selections.Value;
        var isolation = rules.Isolation.Check(podNamespace, Name(pod), elements);
        if (!isolation.IsOk)
        {
            return AdmissionVerdict.Deny(Text(isolation.Error));
        }

        var attachments = overrideSelection is null ? elements : [overrideSelection, .. elements];
        foreach (var selection in attachments.DistinctBy(s => (s.Namespace, s.Name)))
        {
            var problem = await ResolveAsync(selection, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return Deny(pod, podNamespace, problem);
            }
        }

        if (InterfaceNameProblem(elements) is { } naming)
        {
            return Deny(pod, podNamespace, naming);
        }

        var routes = DefaultRoutePlanner.Plan(QualifiedName(pod, podNamespace), DefaultRoutePlanner.Requests(Positions(overrideSelection, elements)));
        return routes.IsOk ? AdmissionVerdict.Allow : AdmissionVerdict.Deny(Text(routes.Error));
    }

    /// <summary>Both annotations parsed as the CNI path parses them: the override's namespace defaults to multusNamespace.</summary>
    public Outcome<(NetworkSelection? Override, ImmutableArray<NetworkSelection> Elements)> Parse(V1Pod pod, string podNamespace)
    {
        var annotations = pod.Metadata?.Annotations;
        var elements = NetworkSelectionParser.Parse(Annotation(annotations, NetworkSelectionParser.NetworksAnnotation), podNamespace);
        if (!elements.IsOk)
        {
            return elements.Error;
        }

        var overrideSelection = NetworkSelectionParser.ParseDefaultNetwork(Annotation(annotations, NetworkSelectionParser.DefaultNetworkAnnotation), rules.MultusNamespace);
        return overrideSelection.IsOk
            ? Outcome<(NetworkSelection?, ImmutableArray<NetworkSelection>)>.Ok((overrideSelection.Value, elements.Value))
            : overrideSelection.Error;
    }

    /// <summary>A NAD named by the pod must exist; one with a config must resolve to a delegate (section 5). A config on the node (confDir) is the node's to check.</summary>
    private async Task<CniError?> ResolveAsync(NetworkSelection selection, CancellationToken cancellationToken)
    {
        var nad = await nads.FindAsync(selection.Namespace, selection.Name, cancellationToken).ConfigureAwait(false);
        if (nad is null)
        {
            return new CniError(CniErrorCode.NadUnusable, $"network-attachment-definition {selection.Namespace}/{selection.Name} not found");
        }

        if (nad.UsesConfDir)
        {
            return null;
        }

        var network = NadConfigResolver.FromSpec(nad, CniVersion.Latest);
        if (!network.IsOk)
        {
            return network.Error;
        }

        var withArgs = DelegateInputs.WithCniArgs(network.Value, selection);
        return withArgs.IsOk ? null : withArgs.Error;
    }

    private static IEnumerable<(int Position, NetworkSelection Selection)> Positions(NetworkSelection? overrideSelection, ImmutableArray<NetworkSelection> elements)
    {
        if (overrideSelection is not null)
        {
            yield return (0, overrideSelection);
        }

        for (var i = 0; i < elements.Length; i++)
        {
            yield return (i + 1, elements[i]);
        }
    }

    private static AdmissionVerdict Deny(V1Pod pod, string podNamespace, CniError error) =>
        AdmissionVerdict.Deny(Text(error.WithPrefix($"pod {QualifiedName(pod, podNamespace)}")));

    private static string Text(CniError error) => error.Details is null ? error.Msg : $"{error.Msg} ({error.Details})";

    private static string? Annotation(IDictionary<string, string>? annotations, string key) =>
        annotations is not null && annotations.TryGetValue(key, out var value) ? value : null;

    /// <summary>The pod's name; a pod named by <c>generateName</c> has none yet at admission, so its prefix stands in.</summary>
    internal static string Name(V1Pod pod) =>
        pod.Metadata?.Name is { Length: > 0 } name ? name : (pod.Metadata?.GenerateName is { Length: > 0 } prefix ? prefix + "<generated>" : "<unnamed>");

    internal static string QualifiedName(V1Pod pod, string podNamespace) => $"{podNamespace}/{Name(pod)}";
}
