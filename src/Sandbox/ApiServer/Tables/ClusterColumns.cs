using System.Text.Json.Nodes;
using static Multi.Sandbox.ApiServer.Tables.TableColumns;

namespace Multi.Sandbox.ApiServer.Tables;

/// <summary>The real server's Table columns for namespaces, nodes, core events, CustomResourceDefinitions and leases.</summary>
internal static class ClusterColumns
{
    private const string RoleLabelPrefix = "node-role.kubernetes.io/";

    public static IReadOnlyList<TableColumn>? For(string group, string plural) => (group, plural) switch
    {
        ("", "namespaces") => [Name, Text("Status", "The status of the namespace.", o => String(o, "status.phase")), Age],
        ("", "nodes") => Nodes,
        ("", "events") => Events,
        (BuiltInResources.CrdGroup, BuiltInResources.CrdResource) =>
            [Name, new("Created At", "date", CreationTimestampDescription, (o, _) => ObjectMetadata.GetString(o, "creationTimestamp"))],
        ("coordination.k8s.io", "leases") => [Name, Text("Holder", "The holder of the lease.", o => OrNone(String(o, "spec.holderIdentity"))), Age],
        _ => null,
    };

    private static readonly TableColumn[] Nodes =
    [
        Name,
        Text("Status", "The status of the node.", NodeStatus),
        Text("Roles", "The roles of the node.", NodeRoles),
        Age,
        Text("Version", "Kubelet Version reported by the node.", o => String(o, "status.nodeInfo.kubeletVersion") ?? ""),
        Text("Internal-IP", "List of internal IPs in the node.", o => OrNone(Address(o, "InternalIP")), priority: 1),
        Text("External-IP", "List of external IPs in the node.", o => OrNone(Address(o, "ExternalIP")), priority: 1),
        Text("OS-Image", "OS image reported by the node.", o => OrNone(String(o, "status.nodeInfo.osImage")), priority: 1),
        Text("Kernel-Version", "Kernel version reported by the node.", o => OrNone(String(o, "status.nodeInfo.kernelVersion")), priority: 1),
        Text("Container-Runtime", "Container runtime version reported by the node.", o => OrNone(String(o, "status.nodeInfo.containerRuntimeVersion")), priority: 1),
    ];

    private static readonly TableColumn[] Events =
    [
        new("Last Seen", "string", "Time when last this event was observed.", (o, now) => HumanDuration.Since(LastSeen(o), now)),
        Text("Type", "Type of this event (Normal, Warning), new types could be added in the future.", o => String(o, "type")),
        Text("Reason", "This should be a short, machine understandable string that gives the reason for this event being generated.", o => String(o, "reason")),
        Text("Object", "The object this Event is about.", o => $"{String(o, "involvedObject.kind")?.ToLowerInvariant()}/{String(o, "involvedObject.name")}"),
        Text("Subobject", "The subobject this Event is about.", o => String(o, "involvedObject.fieldPath") ?? "", priority: 1),
        Text("Source", "The component reporting this event.", Source, priority: 1),
        Text("Message", "A human-readable description of the status of this operation.", o => String(o, "message") ?? ""),
        new("First Seen", "string", "The time at which the event was first recorded.", (o, now) => HumanDuration.Since(String(o, "firstTimestamp") ?? ObjectMetadata.GetString(o, "creationTimestamp"), now)) { Priority = 1 },
        Integer("Count", "The number of times this event has occurred.", o => Math.Max(1, Number(o, "count")), priority: 1),
        Name with { Priority = 1 },
    ];

    private static string? LastSeen(JsonObject evt) =>
        String(evt, "lastTimestamp") ?? String(evt, "eventTime") ?? ObjectMetadata.GetString(evt, "creationTimestamp");

    private static string Source(JsonObject evt)
    {
        var component = String(evt, "source.component") ?? String(evt, "reportingComponent") ?? "";
        var host = String(evt, "source.host") ?? "";
        return host.Length > 0 ? $"{component}, {host}" : component;
    }

    private static string NodeStatus(JsonObject node)
    {
        var ready = (node["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => String(c, "type") == "Ready");
        var status = ready is null ? "Unknown" : String(ready, "status") == "True" ? "Ready" : "NotReady";
        var unschedulable = node["spec"]?["unschedulable"] is JsonValue u && u.TryGetValue<bool>(out var value) && value;
        return unschedulable ? status + ",SchedulingDisabled" : status;
    }

    private static string NodeRoles(JsonObject node)
    {
        var labels = ObjectMetadata.Labels(node);
        var roles = labels.Keys.Where(k => k.StartsWith(RoleLabelPrefix, StringComparison.Ordinal)).Select(k => k[RoleLabelPrefix.Length..])
            .Concat(labels.TryGetValue("kubernetes.io/role", out var role) ? [role] : [])
            .Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return OrNone(string.Join(",", roles));
    }

    private static string Address(JsonObject node, string type) => string.Join(",",
        (node["status"]?["addresses"] as JsonArray ?? []).Where(a => String(a, "type") == type).Select(a => String(a, "address")));
}
