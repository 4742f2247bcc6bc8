using System.Collections.Immutable;
using Multi.Cni.Pods;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Config;
using Multi.Core.Delegates;
using Multi.Core.Nad;

namespace Multi.Cni.Networks;

/// <summary>
/// The attachment list of a pod in Kubernetes mode (npwg-behaviour.md, sections 2 to 9): the cluster network or the
/// override annotation, then <c>delegates[1..]</c> or <c>defaultNetworks</c>, then the <c>networks</c> annotation.
/// Every NAD comes from one API request. Every error names the pod.
/// </summary>
internal sealed class PodNetworkResolver(MetaPluginConfig config, NetworkResolver files, PodApi api)
{
    public const string NoNetworkFoundReason = "NoNetworkFound";

    /// <summary>One attachment before resolution: a NAD (optional when a confDir file may stand in) or a local delegate.</summary>
    private sealed record Source(NetworkSelection? Selection, (string Namespace, string Name)? Nad, Func<NetworkConfigList>? Local, string Origin)
    {
        public bool NadRequired => Local is null;
    }

    public async Task<AttachmentPlan> ResolveAsync(PodInfo pod, string runtimeIfName, PodEvents? events, CancellationToken ct)
    {
        var selections = Annotation(pod, NetworkSelectionParser.Parse(pod.Annotation(NetworkSelectionParser.NetworksAnnotation), pod.Namespace));
        var overrideSelection = Annotation(pod, NetworkSelectionParser.ParseDefaultNetwork(pod.Annotation(NetworkSelectionParser.DefaultNetworkAnnotation), config.MultusNamespace));
        config.NamespaceIsolation.Check(pod.Namespace, pod.Name, selections).Unwrap();

        var sources = new List<Source> { Cluster(overrideSelection) };
        sources.AddRange(Configured(pod.Namespace));
        sources.AddRange(selections.Select(s => new Source(s, (s.Namespace, s.Name), null, $"nad:{s.QualifiedName}")));
        if (sources.Count > InputLimits.MaxAttachments)
        {
            throw new CniException(CniErrorCode.InvalidAnnotation, $"pod {pod.QualifiedName}: {sources.Count} attachments requested; the limit is {InputLimits.MaxAttachments}");
        }

        var wanted = sources.Where(s => s.Nad is not null).Select(s => s.Nad!.Value).Distinct().ToList();
        var nads = await api.ReadNadsAsync(pod, wanted, ct).ConfigureAwait(false);
        var resolved = sources.Select(s => Resolve(pod, s, nads, events)).ToList();

        var requests = resolved.Select(r => new AttachmentPlanner.Request(r.Network, r.Source.Origin, r.Source.Selection?.InterfaceRequest)).ToList();
        var planned = AttachmentPlanner.Plan(runtimeIfName, requests[0], requests.Skip(1).ToList());
        if (!planned.IsOk)
        {
            throw new CniException(planned.Error.Code, $"pod {pod.QualifiedName}: {planned.Error.Msg}", planned.Error.Details);
        }

        var routes = DefaultRoutePlanner.Plan(
            pod.QualifiedName,
            DefaultRoutePlanner.Requests(resolved.Select((r, i) => (i, r.Source.Selection)).Where(p => p.Selection is not null).Select(p => (p.i, p.Selection!)))).Unwrap();
        return new AttachmentPlan(planned.Value, [.. resolved.Select(r => new AttachmentInputs(r.Source.Selection, r.StatusName, r.ResourceName))], routes);
    }

    private Source Cluster(NetworkSelection? overrideSelection)
    {
        if (overrideSelection is not null)
        {
            return new Source(overrideSelection, (overrideSelection.Namespace, overrideSelection.Name), null, $"nad:{overrideSelection.QualifiedName}");
        }

        return config.ClusterNetwork is { } cluster ? Named(cluster) : new Source(null, null, () => files.Inline(0), "inline:delegates[0]");
    }

    private IEnumerable<Source> Configured(string podNamespace)
    {
        if (config.ClusterNetwork is null)
        {
            return config.Delegates.Skip(1).Select((_, i) => new Source(null, null, () => files.Inline(i + 1), $"inline:delegates[{i + 1}]"));
        }

        return config.SystemNamespaces.Contains(podNamespace) ? [] : config.DefaultNetworks.Select(Named);
    }

    /// <summary>A <c>clusterNetwork</c> or <c>defaultNetworks</c> value: a path, or a NAD in multusNamespace with a confDir file as fallback.</summary>
    private Source Named(string value) => value.Contains('/', StringComparison.Ordinal)
        ? new Source(null, null, () => files.Reference(value), NetworkResolver.Origin(value))
        : new Source(null, (config.MultusNamespace, value), () => files.Reference(value), $"nad-or-confDir:{config.MultusNamespace}/{value}");

    private (Source Source, NetworkConfigList Network, string StatusName, string? ResourceName) Resolve(
        PodInfo pod, Source source, Dictionary<(string, string), NetworkAttachmentDefinition> nads, PodEvents? events)
    {
        try
        {
            if (source.Nad is { } key && nads.TryGetValue(key, out var nad))
            {
                var network = (nad.UsesConfDir
                    ? NadConfigResolver.FromConfDir(nad, NetworkFiles.ConfDirFiles(config.ConfDir), config.ConfDir, config.CniVersion)
                    : NadConfigResolver.FromSpec(nad, config.CniVersion)).Unwrap();
                if (source.Selection is { } selection)
                {
                    network = DelegateInputs.WithCniArgs(network, selection).Unwrap();
                }

                return (source, network, nad.QualifiedName, string.IsNullOrEmpty(nad.ResourceName) ? null : nad.ResourceName);
            }

            if (source.NadRequired)
            {
                var (ns, name) = source.Nad!.Value;
                events?.Post(PodEvents.Warning, NoNetworkFoundReason, $"cannot find a network-attachment-definition ({name}) in namespace ({ns})");
                throw new CniException(CniErrorCode.NadUnusable, $"network-attachment-definition {ns}/{name} not found");
            }

            var local = source.Local!();
            return (source, local, local.Name, null);
        }
        catch (CniException ex)
        {
            throw new CniException(ex.Error.Code, $"pod {pod.QualifiedName}: {ex.Error.Msg}", ex.Error.Details);
        }
    }

    private static ImmutableArray<NetworkSelection> Annotation(PodInfo pod, Outcome<ImmutableArray<NetworkSelection>> parsed) =>
        parsed.IsOk ? parsed.Value : throw new CniException(parsed.Error.Code, $"pod {pod.QualifiedName}: {parsed.Error.Msg}", parsed.Error.Details);

    private static NetworkSelection? Annotation(PodInfo pod, Outcome<NetworkSelection?> parsed) =>
        parsed.IsOk ? parsed.Value : throw new CniException(parsed.Error.Code, $"pod {pod.QualifiedName}: {parsed.Error.Msg}", parsed.Error.Details);
}
