using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using Multi.Operator.Controllers.Reclaim;
using Multi.Operator.Entities;

namespace Multi.Operator.Tests.Entities;

/// <summary>
/// The source-generated metadata the NativeAOT operator uses reads every entity exactly as KubernetesClient's reflection
/// serializer does (the JIT build): same objects, written back to the same JSON, absent members included.
/// </summary>
public sealed class EntityJsonContextTests
{
    public static TheoryData<string, Type, string> Objects() => new()
    {
        { "pool, cidr only", typeof(IpPoolResource), """{"apiVersion":"multi.dev/v1alpha1","kind":"IPPool","metadata":{"name":"p","uid":"u1","resourceVersion":"7","creationTimestamp":"2026-01-02T03:04:05Z"},"spec":{"cidr":"10.0.0.0/24"}}""" },
        { "pool, every field", typeof(IpPoolResource), """{"metadata":{"name":"p","labels":{"a":"b"}},"spec":{"cidr":"10.0.0.0/24","ranges":[{"start":"10.0.0.10","end":"10.0.0.20"}],"exclude":["10.0.0.15"],"gateway":"10.0.0.1","routes":[{"dst":"0.0.0.0/0"},{"dst":"10.1.0.0/16","gw":"10.0.0.2"}],"dns":{"nameservers":["1.1.1.1"]},"nodeSelector":{"zone":"a"},"stickyAddresses":true},"status":{"observedGeneration":3,"capacity":"11","allocated":1,"nodeReserved":0,"free":"10","conditions":[{"type":"Ready","status":"True","reason":"Ok","message":"","lastTransitionTime":"2026-01-02T03:04:05Z"}]}}""" },
        { "network, raw ipam", typeof(ClusterNetwork), """{"metadata":{"name":"n","generation":2,"finalizers":["multi.dev/nads"]},"spec":{"type":"macvlan","master":"eth1","mtu":1400,"ipam":{"raw":{"type":"dhcp"}},"namespaces":["apps"]}}""" },
        { "network, pool ipam", typeof(ClusterNetwork), """{"metadata":{"name":"n"},"spec":{"type":"bridge","hostInterface":{"bridge":{"name":"br1"}},"ipam":{"pool":{"cidr":"10.2.0.0/24","dns":{}}},"namespaceSelector":{"matchLabels":{"a":"b"},"matchExpressions":[{"key":"k","operator":"In","values":["v"]}]}},"status":{"observedGeneration":1,"nadCount":2,"targetNamespaces":2,"conditions":[]}}""" },
        { "claim", typeof(IpAllocationResource), """{"metadata":{"name":"c","labels":{"multi.dev/pool":"p"}},"spec":{"pool":"p","address":"10.0.0.5","owner":{"podNamespace":"apps","podName":"a","podUid":"u","containerId":"c1","interface":"net1","node":"n1"}}}""" },
        { "claim, node-reserved", typeof(IpAllocationResource), """{"metadata":{"name":"c"},"spec":{"pool":"p","address":"10.0.0.5","kind":"node","owner":{"podNamespace":"","podName":"","podUid":"","containerId":"","interface":"","node":"n1"}}}""" },
        { "node network state", typeof(NodeNetworkState), """{"apiVersion":"multi.dev/v1alpha1","kind":"NodeNetworkState","metadata":{"name":"n1"},"spec":{"nodeName":"n1"},"status":{"summary":"1/2","readyNetworks":["blue"],"links":[{"name":"vl100-512c","kind":"vlan","state":"Ready","networks":["blue"],"attachedPods":2,"index":7,"parent":"eth1","mtu":1500,"up":true,"operState":"up","vlanId":100},{"name":"vx42-1db7","kind":"vxlan","state":"Pending","message":"parent eth0 missing","networks":["red"],"attachedPods":0}],"problems":["green: conflict"],"raisedParents":["eth0"],"lastError":"EBUSY","conditions":[{"type":"Ready","status":"False","reason":"Pending","message":"m","lastTransitionTime":"2026-01-02T03:04:05Z"}]}}""" },
        { "network, nodes ready", typeof(ClusterNetwork), """{"metadata":{"name":"n"},"spec":{"type":"macvlan","hostInterface":{"vlan":{"parent":"eth1","id":100}}},"status":{"nadCount":1,"targetNamespaces":1,"nodesReady":"2/3","conditions":[]}}""" },
        { "nad", typeof(NadResource), """{"apiVersion":"k8s.cni.cncf.io/v1","kind":"NetworkAttachmentDefinition","metadata":{"name":"n","namespace":"apps","ownerReferences":[{"apiVersion":"multi.dev/v1alpha1","kind":"ClusterNetwork","name":"n","uid":"u","controller":true}]},"spec":{"config":"{\"type\":\"macvlan\"}"}}""" },
        { "nad, no config", typeof(NadResource), """{"metadata":{"name":"n","namespace":"apps"},"spec":{}}""" },
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void Read_Entity_GivesWhatTheReflectionSerializerGives(string what, Type type, string json)
    {
        var reflected = JsonSerializer.Deserialize(json, type, Options(new DefaultJsonTypeInfoResolver()));
        var generated = JsonSerializer.Deserialize(json, type, Options(EntityJsonContext.Default));

        var expected = JsonSerializer.Serialize(reflected, type, Options(new DefaultJsonTypeInfoResolver()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(JsonSerializer.Serialize(generated, type, Options(new DefaultJsonTypeInfoResolver())))), what);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(JsonSerializer.Serialize(generated, type, Options(EntityJsonContext.Default)))), what);
    }

    [Fact]
    public void ReadClaimPage_MalformedItem_IsNullAndItsNeighboursAreRead()
    {
        const string page = """{"metadata":{"continue":"t"},"items":[{"metadata":{"name":"a"},"spec":{"pool":"p","address":"10.0.0.1","owner":{"podNamespace":"apps","podName":"a","podUid":"u","containerId":"c","interface":"net1","node":"n"}}},{"spec":7},{"metadata":{"name":"b"},"spec":{"pool":"p","address":"10.0.0.2","owner":{"podNamespace":"apps","podName":"b","podUid":"u","containerId":"c","interface":"net1","node":"n"}}}]}""";

        var read = JsonSerializer.Deserialize(page, (JsonTypeInfo<ClaimPage>)Options(EntityJsonContext.Default).GetTypeInfo(typeof(ClaimPage)))!;

        Assert.Equal("t", read.Metadata?.Continue);
        Assert.Equal(["a", "b"], read.Claims().Select(c => c.Metadata.Name));
    }

    /// <summary>KubernetesClient's serializer settings (KubernetesJson), with the given resolver first.</summary>
    private static JsonSerializerOptions Options(IJsonTypeInfoResolver resolver)
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(resolver, new DefaultJsonTypeInfoResolver()),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new KubernetesJson.Iso8601TimeSpanConverter());
        options.Converters.Add(new KubernetesJson.KubernetesDateTimeConverter());
        options.Converters.Add(new KubernetesJson.KubernetesDateTimeOffsetConverter());
        options.Converters.Add(new V1Status.V1StatusObjectViewConverter());
        return options;
    }
}
