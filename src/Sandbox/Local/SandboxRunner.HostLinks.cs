using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Core.Annotations;
using Multi.Sandbox.Host;

namespace Multi.Sandbox.Local;

internal sealed partial class SandboxRunner
{
    /// <summary>How long an ADD waits for the node agent to create a link the pod's networks consume.</summary>
    private static readonly TimeSpan HostLinkTimeout = TimeSpan.FromSeconds(30);

    private const string NodeNetworkStates = "nodenetworkstates";

    /// <summary>
    /// Before a pod's ADD on <paramref name="node"/>: every link the node agent creates for the pod's networks (a
    /// ClusterNetwork with <c>hostInterface</c>: the link its NADs name, <c>status.interface</c>) must exist and be up in the
    /// node's namespace. Polled (bounded); on timeout the error names the node, the link, the network, what the node's
    /// NodeNetworkState says about it (or that there is none) and the daemon's log.
    /// </summary>
    private async Task WaitForHostLinksAsync(IKubernetes client, V1Pod pod, SandboxNode node, CancellationToken cancellationToken)
    {
        foreach (var (network, link) in await HostLinksOfAsync(client, pod, cancellationToken).ConfigureAwait(false))
        {
            progress($"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}: waiting (bound {HostLinkTimeout.TotalSeconds} s) for the node agent's link {link} (ClusterNetwork {network}) in {node.Namespace}");
            var deadline = Time.GetUtcNow() + HostLinkTimeout;
            while (!await LinkIsUpAsync(node, link).ConfigureAwait(false))
            {
                if (Time.GetUtcNow() > deadline)
                {
                    var said = await NodeNetworkStateSaysAsync(client, node, link, cancellationToken).ConfigureAwait(false);
                    throw new TimeoutException(
                        $"node {node.Name}: the link {link} of ClusterNetwork {network} (its hostInterface) is not up in {node.Namespace} after {HostLinkTimeout.TotalSeconds} s; " +
                        $"{said}; the node agent creates it ({NodeDaemonProcess.HostInterfacesOption}): see {node.DaemonLogFile}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>(network, link) for every network of the pod's annotation whose ClusterNetwork declares a <c>hostInterface</c>.</summary>
    private static async Task<IReadOnlyList<(string Network, string Link)>> HostLinksOfAsync(IKubernetes client, V1Pod pod, CancellationToken cancellationToken)
    {
        string? annotation = null;
        pod.Metadata.Annotations?.TryGetValue(NetworkSelectionParser.NetworksAnnotation, out annotation);
        var selections = NetworkSelectionParser.Parse(annotation, pod.Metadata.NamespaceProperty);
        var links = new List<(string, string)>();
        foreach (var selection in selections.IsOk ? selections.Value : [])
        {
            var nad = await GetOrNullAsync(() => client.CustomObjects.GetNamespacedCustomObjectAsync(NadGroup, "v1", selection.Namespace, "network-attachment-definitions", selection.Name, cancellationToken)).ConfigureAwait(false);
            if ((string?)nad?["metadata"]?["labels"]?["multi.dev/cluster-network"] is not { } name)
            {
                continue;
            }

            var network = await GetOrNullAsync(() => client.CustomObjects.GetClusterCustomObjectAsync(ClusterNetworkState.Group, ClusterNetworkState.Version, ClusterNetworkState.Plural, name, cancellationToken)).ConfigureAwait(false);
            if (network?["spec"]?["hostInterface"] is not null && (string?)network["status"]?["interface"] is { Length: > 0 } link)
            {
                links.Add((name, link));
            }
        }

        return links.Distinct().ToList();
    }

    private static async Task<bool> LinkIsUpAsync(SandboxNode node, string link)
    {
        var shown = await HostCommand.RunAsync("ip", "-n", node.Namespace, "-j", "link", "show", link).ConfigureAwait(false);
        return shown.Succeeded && JsonNode.Parse(shown.Stdout) is JsonArray { Count: 1 } found
            && found[0]?["flags"] is JsonArray flags && flags.Any(f => (string?)f == "UP");
    }

    /// <summary>What the node's NodeNetworkState says about a link, as a clause for an error message.</summary>
    private static async Task<string> NodeNetworkStateSaysAsync(IKubernetes client, SandboxNode node, string link, CancellationToken cancellationToken)
    {
        var state = await ReadNodeNetworkStateAsync(client, node, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return $"there is no NodeNetworkState {node.Name} (the agent did not report)";
        }

        var entry = (state["status"]?["links"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(l => (string?)l["name"] == link);
        var lastError = (string?)state["status"]?["lastError"];
        return entry is null
            ? $"NodeNetworkState {node.Name} does not list it (problems: {string.Join("; ", (state["status"]?["problems"] as JsonArray ?? []).Select(p => (string?)p))}{(lastError is null ? "" : $"; last error: {lastError}")})"
            : $"NodeNetworkState {node.Name} says {(string?)entry["state"]}: {(string?)entry["message"]}";
    }

    private static Task<JsonObject?> ReadNodeNetworkStateAsync(IKubernetes client, SandboxNode node, CancellationToken cancellationToken) =>
        GetOrNullAsync(() => client.CustomObjects.GetClusterCustomObjectAsync(ClusterNetworkState.Group, ClusterNetworkState.Version, NodeNetworkStates, node.Name, cancellationToken));

    /// <summary>A custom object as JSON, or null when the API answers 404.</summary>
    private static async Task<JsonObject?> GetOrNullAsync(Func<Task<object>> get)
    {
        try
        {
            return JsonNode.Parse(KubernetesJson.Serialize(await get().ConfigureAwait(false))) as JsonObject;
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// A node for <c>status</c>: its daemon's health and its managed links, from its NodeNetworkState when the agent wrote
    /// one, else the VXLAN and VLAN links <c>ip -d link</c> shows in its namespace.
    /// </summary>
    private async Task<NodeState> ReadNodeAsync(IKubernetes? client, SandboxNode node, CancellationToken cancellationToken)
    {
        var daemon = await DaemonOf(node).HealthAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (client is not null && await ReadNodeNetworkStateAsync(client, node, cancellationToken).ConfigureAwait(false) is { } state)
            {
                var links = (state["status"]?["links"] as JsonArray ?? []).OfType<JsonObject>().Select(FromNodeNetworkState).ToList();
                return new NodeState(node.Name, node.Namespace, daemon, (string?)state["status"]?["summary"], links, null);
            }

            return new NodeState(node.Name, node.Namespace, daemon, null, await KernelLinksAsync(node).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return new NodeState(node.Name, node.Namespace, daemon, null, [], $"cannot read its links: {ex.Message}");
        }
    }

    private static NodeLink FromNodeNetworkState(JsonObject link)
    {
        var detail = string.Join(", ", new[]
        {
            link["vni"] is { } vni ? $"vni {vni}" : null,
            link["vlanId"] is { } vlan ? $"vlan {vlan}" : null,
            (string?)link["parent"] is { } parent ? $"on {parent}" : null,
            link["mtu"] is { } mtu ? $"mtu {mtu}" : null,
            (string?)link["operState"] is { } oper ? $"oper {oper}" : null,
            (string?)link["message"],
        }.Where(d => !string.IsNullOrEmpty(d)));
        return new NodeLink((string?)link["name"] ?? "?", (string?)link["kind"] ?? "?", (string?)link["state"] ?? "?", detail, "NodeNetworkState");
    }

    /// <summary>The VXLAN and VLAN links of the node's namespace as <c>ip -d -j link</c> shows them; none when the namespace is gone.</summary>
    private static async Task<IReadOnlyList<NodeLink>> KernelLinksAsync(SandboxNode node)
    {
        if (!NetworkNamespace.Existing(node.Namespace).Exists)
        {
            return [];
        }

        var json = await NetworkNamespace.Existing(node.Namespace).IpAsync("-d", "-j", "link", "show").ConfigureAwait(false);
        return (JsonNode.Parse(json) as JsonArray ?? []).OfType<JsonObject>()
            .Where(l => (string?)l["linkinfo"]?["info_kind"] is "vxlan" or "vlan")
            .Select(l =>
            {
                var data = l["linkinfo"]?["info_data"];
                var kind = (string)l["linkinfo"]!["info_kind"]!;
                var detail = kind == "vxlan"
                    ? $"vni {data?["id"]}, {(data?["group"] is { } g ? $"group {g}" : $"remote {data?["remote"]}")}, port {data?["port"]}, on {data?["link"]}, mtu {l["mtu"]}"
                    : $"vlan {data?["id"]}, on {l["link"]}, mtu {l["mtu"]}";
                return new NodeLink((string?)l["ifname"] ?? "?", kind, (string?)l["operstate"] ?? "?", detail, "ip -d link");
            })
            .ToList();
    }
}
