using System.Globalization;
using System.Text.Json.Nodes;
using static Multi.Sandbox.ApiServer.Tables.TableColumns;

namespace Multi.Sandbox.ApiServer.Tables;

/// <summary>The real server's Table columns for pods, deployments, daemon sets, services, config maps, secrets and service accounts.</summary>
internal static class WorkloadColumns
{
    public static IReadOnlyList<TableColumn>? For(string group, string plural) => (group, plural) switch
    {
        ("", "pods") => Pods,
        ("", "services") => Services,
        ("", "configmaps") => [Name, Integer("Data", "Number of data entries.", o => Count(o["data"]) + Count(o["binaryData"])), Age],
        ("", "secrets") => [Name, Text("Type", "The type of the secret.", o => String(o, "type")), Integer("Data", "Number of data entries.", o => Count(o["data"])), Age],
        ("", "serviceaccounts") => [Name, Integer("Secrets", "Number of secrets.", o => Count(o["secrets"])), Age],
        ("apps", "deployments") => Deployments,
        ("apps", "daemonsets") => DaemonSets,
        _ => null,
    };

    private static readonly TableColumn[] Pods =
    [
        Name,
        Text("Ready", "The aggregate readiness state of this pod for accepting traffic.", o => PodStatus.Of(o).Ready),
        Text("Status", "The aggregate status of the containers in this pod.", o => PodStatus.Of(o).Reason),
        Text("Restarts", "The number of times the containers in this pod have been restarted.", o => PodStatus.Of(o).Restarts.ToString(CultureInfo.InvariantCulture)),
        Age,
        Text("IP", "IP address allocated to the pod.", o => OrNone(String(o, "status.podIP")), priority: 1),
        Text("Node", "Name of the node where the pod is scheduled.", o => OrNone(String(o, "spec.nodeName")), priority: 1),
        Text("Nominated Node", "Name of the node the scheduler nominated for the pod.", o => OrNone(String(o, "status.nominatedNodeName")), priority: 1),
        Text("Readiness Gates", "The readiness gates of the pod.", o => Count(o["spec"]?["readinessGates"]) == 0 ? "<none>" : $"0/{Count(o["spec"]?["readinessGates"])}", priority: 1),
    ];

    private static readonly TableColumn[] Deployments =
    [
        Name,
        Text("Ready", "Number of the pod with ready state.", o => $"{Number(o, "status.readyReplicas")}/{Replicas(o)}"),
        Integer("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.", o => Number(o, "status.updatedReplicas")),
        Integer("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.", o => Number(o, "status.availableReplicas")),
        Age,
        .. TemplateColumns(),
    ];

    private static readonly TableColumn[] DaemonSets =
    [
        Name,
        Integer("Desired", "The total number of nodes that should be running the daemon pod.", o => Number(o, "status.desiredNumberScheduled")),
        Integer("Current", "The number of nodes running at least one daemon pod that are supposed to.", o => Number(o, "status.currentNumberScheduled")),
        Integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of it running and ready.", o => Number(o, "status.numberReady")),
        Integer("Up-to-date", "The total number of nodes that are running updated daemon pod.", o => Number(o, "status.updatedNumberScheduled")),
        Integer("Available", "The number of nodes that should be running the daemon pod and have one or more of it running and available.", o => Number(o, "status.numberAvailable")),
        Text("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node.", o => OrNone(Pairs(o["spec"]?["template"]?["spec"]?["nodeSelector"]))),
        Age,
        .. TemplateColumns(),
    ];

    private static readonly TableColumn[] Services =
    [
        Name,
        Text("Type", "The type of the service.", o => String(o, "spec.type") ?? "ClusterIP"),
        Text("Cluster-IP", "The cluster ip of the service.", o => OrNone(String(o, "spec.clusterIP"))),
        Text("External-IP", "The external ip of the service.", o => OrNone(string.Join(",", Strings(o["spec"]?["externalIPs"])))),
        Text("Port(s)", "The ports of the service.", o => OrNone(string.Join(",", (o["spec"]?["ports"] as JsonArray ?? []).Select(Port)))),
        Age,
        Text("Selector", "The selector of the service.", o => OrNone(Pairs(o["spec"]?["selector"])), priority: 1),
    ];

    private static TableColumn[] TemplateColumns() =>
    [
        Text("Containers", "Names of each container in the template.", o => string.Join(",", Containers(o).Select(c => String(c, "name"))), priority: 1),
        Text("Images", "Images referenced by each container in the template.", o => string.Join(",", Containers(o).Select(c => String(c, "image"))), priority: 1),
        Text("Selector", "Label selector for pods.", o => OrNone(Pairs(o["spec"]?["selector"]?["matchLabels"])), priority: 1),
    ];

    private static long Replicas(JsonObject deployment) =>
        deployment["spec"]?["replicas"] is null ? 1 : Number(deployment, "spec.replicas");

    private static IEnumerable<JsonNode?> Containers(JsonObject o) =>
        o["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? [];

    private static string Port(JsonNode? port)
    {
        var number = Number(port, "port").ToString(CultureInfo.InvariantCulture);
        var node = Number(port, "nodePort");
        var protocol = String(port, "protocol") ?? "TCP";
        return node > 0 ? $"{number}:{node.ToString(CultureInfo.InvariantCulture)}/{protocol}" : $"{number}/{protocol}";
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => n?.ToString() ?? "").Where(s => s.Length > 0);

    private static string Pairs(JsonNode? map) =>
        map is JsonObject o ? string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) : "";
}
