using System.Text.Json.Nodes;

namespace Multi.Bench.Webhook;

/// <summary>The AdmissionReviews the bench sends: one per kind, as the API server would (a fresh uid each time).</summary>
internal static class ReviewBodies
{
    public const string Macvlan = """{"cniVersion":"1.0.0","type":"macvlan","master":"eth1","mode":"bridge","ipam":{"type":"host-local","subnet":"10.0.0.0/24"}}""";
    public const string Sriov = """{"cniVersion":"1.0.0","type":"sriov","vlan":10,"ipam":{"type":"dhcp"}}""";

    /// <summary>The kind's name in the report, the endpoint and a function giving a body with a new uid.</summary>
    public static IReadOnlyList<(string Name, string Path, Func<string> Body)> All() =>
    [
        ("Pod, validate (3 networks)", "/validate", () => Review(Pod())),
        ("Pod, mutate (3 networks, 2 SR-IOV)", "/mutate-pod", () => Review(Pod())),
        ("NetworkAttachmentDefinition", "/validate", () => Review(Request("k8s.cni.cncf.io", "v1", "NetworkAttachmentDefinition", "bench", "candidate", new JsonObject
        {
            ["apiVersion"] = "k8s.cni.cncf.io/v1", ["kind"] = "NetworkAttachmentDefinition",
            ["metadata"] = new JsonObject { ["name"] = "candidate", ["namespace"] = "bench" }, ["spec"] = new JsonObject { ["config"] = Macvlan },
        }))),
        ("IPPool (against 200 pools)", "/validate", () => Review(Request("multi.dev", "v1alpha1", "IPPool", null, "candidate", new JsonObject
        {
            ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "IPPool", ["metadata"] = new JsonObject { ["name"] = "candidate" },
            ["spec"] = new JsonObject { ["cidr"] = "10.250.0.0/24", ["gateway"] = "10.250.0.1", ["exclude"] = new JsonArray("10.250.0.2-10.250.0.9") },
        }))),
        ("ClusterNetwork (against 100 networks)", "/validate", () => Review(Request("multi.dev", "v1alpha1", "ClusterNetwork", null, "candidate", new JsonObject
        {
            ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "ClusterNetwork", ["metadata"] = new JsonObject { ["name"] = "candidate" },
            ["spec"] = JsonNode.Parse("""{"type":"macvlan","hostInterface":{"vlan":{"parent":"eth1","id":4000}},"ipam":{"raw":{"type":"dhcp"}},"namespaces":["bench"]}"""),
        }))),
    ];

    private static JsonObject Pod() => Request("", "v1", "Pod", "bench", "web-0", new JsonObject
    {
        ["apiVersion"] = "v1", ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = "web-0", ["namespace"] = "bench",
            ["labels"] = new JsonObject { ["app"] = "web" },
            ["annotations"] = new JsonObject { ["k8s.v1.cni.cncf.io/networks"] = """[{"name":"net-0","interface":"data0"},{"name":"sriov-a"},{"name":"sriov-a","ips":["10.1.0.5/24"]}]""" },
        },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "app", ["image"] = "registry.example/web:1.0",
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "64Mi" } },
            }),
        },
    });

    private static JsonObject Request(string group, string version, string kind, string? ns, string name, JsonNode obj)
    {
        var request = new JsonObject
        {
            ["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = kind.ToLowerInvariant() + "s" },
            ["name"] = name,
            ["operation"] = "CREATE",
            ["userInfo"] = new JsonObject { ["username"] = "bench" },
            ["object"] = obj,
        };
        if (ns is not null)
        {
            request["namespace"] = ns;
        }

        return request;
    }

    private static string Review(JsonObject request)
    {
        var copy = request.DeepClone().AsObject();
        copy["uid"] = Guid.NewGuid().ToString();
        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = copy }.ToJsonString();
    }
}
