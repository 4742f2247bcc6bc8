using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Multi.Operator.Tests.Support;
using Multi.Sandbox.ApiServer.Patching;

namespace Multi.Operator.Tests.Webhook;

/// <summary>AdmissionReview v1 requests over HTTPS to a running manager (docs/operator.md, "Admission webhook").</summary>
public sealed class WebhookReviewTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    public const string VlanNetwork = """{"type":"macvlan","hostInterface":{"vlan":{"parent":"eth1","id":100},"mtu":1400},"ipam":{"raw":{"type":"dhcp"}},"namespaces":["apps"]}""";

    private WebhookHarness Harness => fixture.Harness;

    [Theory]
    [InlineData(WebhookFixture.Macvlan, null, true, null)]
    [InlineData("""{"cniVersion":"1.0.0","plugins":[{"type":"bridge"},{"type":"tuning"}]}""", null, true, null)]
    [InlineData(WebhookFixture.Sriov, null, false, "metadata.annotations[k8s.v1.cni.cncf.io/resourceName]: a sriov NAD needs the resourceName annotation")]
    [InlineData("""{"cniVersion":"1.0.0","type":"sriov","vlan":4095}""", "intel.com/vf", false, "config.vlan")]
    [InlineData("""{"cniVersion":"1.0.0","type":"sriov","vlan":0,"vlanQoS":3}""", "intel.com/vf", false, "vlanQoS needs a non-zero vlan")]
    [InlineData(WebhookFixture.Macvlan, "no-slash", false, "resourceName \"no-slash\" is not <prefix>/<name>")]
    [InlineData("{not json", null, false, "config is not valid JSON")]
    [InlineData("""{"cniVersion":"9.9.9","type":"bridge"}""", null, false, "cniVersion \"9.9.9\" is not supported")]
    [InlineData("""{"cniVersion":"1.0.0","plugins":[]}""", null, false, "plugins must be a non-empty array")]
    public async Task Validate_Nad_AnswersWithTheNadValidatorsVerdict(string config, string? resourceName, bool allowed, string? message)
    {
        var (status, response, body) = await Harness.ReviewAsync("/validate", AdmissionRequests.Nad("apps", "candidate", config, resourceName));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(allowed == response!["allowed"]!.GetValue<bool>(), body);
        if (message is not null)
        {
            Assert.Contains(message, response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.StartsWith("NetworkAttachmentDefinition apps/candidate is invalid: ", response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Validate_NadWithoutCniVersion_AllowedWithTheNoteAsAWarning()
    {
        var (_, response, _) = await Harness.ReviewAsync("/validate", AdmissionRequests.Nad("apps", "candidate", """{"type":"bridge"}"""));

        Assert.True(response!["allowed"]!.GetValue<bool>());
        Assert.Contains(response["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("no cniVersion", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"cniVersion":"1.0.0","type":"vlan","master":"eth1","vlanId":100}""", false, "config: the vlan plugin's master eth1 and vlanId 100 are the VLAN that ClusterNetwork vlan-a manages on its nodes")]
    [InlineData("""{"cniVersion":"1.0.0","plugins":[{"type":"vlan","master":"eth1","vlanId":100},{"type":"tuning"}]}""", false, "plugins[0]: the vlan plugin's master eth1 and vlanId 100")]
    [InlineData("""{"cniVersion":"1.0.0","type":"vlan","master":"eth1","vlanId":101}""", true, "config: a vlan NAD serves at most one pod per node for master eth1 and VLAN 101")]
    [InlineData("""{"cniVersion":"1.0.0","type":"ipvlan","master":"eth1"}""", true, "config: macvlan and ipvlan cannot share parent eth1, which NAD apps/macvlan-a, NAD default/shared, NAD kube-system/override-net, NAD other/private use with macvlan")]
    public async Task Validate_NadOnHostLinks_ClashesRefusedOrWarned(string config, bool allowed, string message)
    {
        var (_, response, body) = await Harness.ReviewAsync("/validate", AdmissionRequests.Nad("apps", "link-user", config));

        Assert.True(allowed == response!["allowed"]!.GetValue<bool>(), body);
        var said = allowed ? string.Join("\n", response["warnings"]!.AsArray().Select(w => w!.GetValue<string>())) : response["status"]!["message"]!.GetValue<string>();
        Assert.Contains(message, said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ClusterNetworkOnHostLinks_VlanPluginOnAManagedVlanRefused_SharedVlanWithANadWarned()
    {
        var vlanPlugin = JsonNode.Parse("""{"type":"vlan","master":"eth1","vlanId":100,"namespaces":["apps"]}""")!.AsObject();
        var (_, refused, _) = await Harness.ReviewAsync("/validate", AdmissionRequests.Network("vlan-plugin", vlanPlugin));
        Assert.False(refused!["allowed"]!.GetValue<bool>());
        Assert.Contains("ClusterNetwork vlan-plugin is invalid: spec: the vlan plugin's master eth1 and vlanId 100 are the VLAN that ClusterNetwork vlan-a manages", refused["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        await Harness.Op.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            AdmissionRequests.Nad("other", "pod-vlan", """{"cniVersion":"1.0.0","type":"vlan","master":"eth9","vlanId":55}""")["object"]!.DeepClone(),
            "k8s.cni.cncf.io", "v1", "other", "network-attachment-definitions", cancellationToken: TestContext.Current.CancellationToken);
        var managed = JsonNode.Parse("""{"type":"macvlan","hostInterface":{"vlan":{"parent":"eth9","id":55}},"namespaces":["apps"]}""")!.AsObject();
        await Eventually.TrueAsync(
            async () => (await Harness.ReviewAsync("/validate", AdmissionRequests.Network("managed-55", managed))).Response?["warnings"] is JsonArray { Count: > 0 } warnings
                && warnings[0]!.GetValue<string>().StartsWith("spec.hostInterface.vlan: NAD other/pod-vlan uses the vlan plugin on eth9 VLAN 55", StringComparison.Ordinal),
            "a warning naming the vlan NAD on the managed VLAN");
    }

    [Theory]
    [InlineData("fresh", """{"cidr":"10.2.0.0/24","gateway":"10.2.0.1","exclude":["10.2.0.2-10.2.0.9"]}""", true, null)]
    [InlineData("blue", """{"cidr":"10.1.0.0/16","gateway":"10.1.0.1"}""", true, null)]
    [InlineData("fresh", """{"cidr":"10.2.0.1/24"}""", false, "10.2.0.0/24")]
    [InlineData("fresh", """{"cidr":"10.1.5.0/24"}""", false, "pool fresh (10.1.5.0/24) overlaps pool blue (10.1.0.0/16)")]
    [InlineData("fresh", """{"cidr":"10.0.0.0/8"}""", false, "overlaps pool blue")]
    [InlineData("fresh", """{"cidr":"10.2.0.0/24","ranges":[{"start":"10.3.0.1","end":"10.3.0.9"}]}""", false, "ranges[0]")]
    [InlineData("fresh", """{"cidr":"10.2.0.0/24","exclude":["10.9.9.9"]}""", false, "exclude[0]")]
    [InlineData("Not_A_Label", """{"cidr":"10.2.0.0/24"}""", false, "is not a DNS-1123 label")]
    public async Task Validate_IpPool_SpecAndOverlapWithCachedPools(string name, string spec, bool allowed, string? message)
    {
        var (status, response, body) = await Harness.ReviewAsync("/validate", AdmissionRequests.Pool(name, JsonNode.Parse(spec)!.AsObject(), name == "blue" ? "UPDATE" : "CREATE"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(allowed == response!["allowed"]!.GetValue<bool>(), body);
        if (message is not null)
        {
            Assert.Contains(message, response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("fresh", """{"type":"macvlan","master":"eth1","ipam":{"raw":{"type":"dhcp"}},"namespaces":["apps"]}""", true, null)]
    [InlineData("vlan-a", VlanNetwork, true, null)]
    [InlineData("fresh", """{"type":"macvlan","hostInterface":{"vlan":{"parent":"eth1","id":100},"mtu":1400},"namespaces":["apps"]}""", true, null)]
    [InlineData("fresh", """{"type":"macvlan","hostInterface":{"vlan":{"parent":"eth1","id":100},"mtu":1500},"namespaces":["apps"]}""", false, "fresh and vlan-a both use VLAN 100 on eth1 but differ in mtu \"1500\" vs \"1400\"")]
    [InlineData("fresh", """{"type":"macvlan","hostInterface":{"vlan":{"parent":"eth1","id":100},"mtu":1500},"nodeSelector":{"zone":"b"},"namespaces":["apps"]}""", false, "differ in mtu")]
    [InlineData("fresh", """{"type":"macvlan","master":"eth1","hostInterface":{"vlan":{"parent":"eth1","id":7}},"namespaces":["apps"]}""", false, "master")]
    [InlineData("fresh", """{"type":"nope","master":"eth1","namespaces":["apps"]}""", false, "type \"nope\" is not one of")]
    public async Task Validate_ClusterNetwork_SpecAndSharedLinkRule(string name, string spec, bool allowed, string? message)
    {
        var (status, response, body) = await Harness.ReviewAsync("/validate", AdmissionRequests.Network(name, JsonNode.Parse(spec)!.AsObject(), name == "vlan-a" ? "UPDATE" : "CREATE"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(allowed == response!["allowed"]!.GetValue<bool>(), body);
        if (message is not null)
        {
            Assert.Contains(message, response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, null, true, null)]
    [InlineData("macvlan-a", null, true, null)]
    [InlineData("macvlan-a@data, default/shared, on-node", null, true, null)]
    [InlineData("macvlan-a,,sriov-a", null, false, "pod apps/web: invalid k8s.v1.cni.cncf.io/networks annotation: item 2 \"\": empty item (check for a stray comma)")]
    [InlineData("missing", null, false, "pod apps/web: network-attachment-definition apps/missing not found")]
    [InlineData("broken", null, false, "pod apps/web: network-attachment-definition apps/broken: spec.config is not valid JSON")]
    [InlineData("other/private", null, false, "namespace isolation violation: pod apps/web in namespace \"apps\" may not use network \"private\" of target namespace \"other\"")]
    [InlineData("macvlan-a@net9, sriov-a@net9", null, false, "interface name \"net9\" is used twice: by network \"apps/macvlan-a\" (annotation element 1) and network \"apps/sriov-a\" (annotation element 2)")]
    [InlineData("macvlan-a@eth0", null, false, "interface name \"eth0\" is used twice: by the cluster network")]
    [InlineData("""[{"name":"macvlan-a","default-route":["10.0.0.1"]},{"name":"sriov-a","default-route":["10.0.1.1"]}]""", null, false, "ECMP default routes are not supported")]
    [InlineData("""[{"name":"macvlan-a","ips":["10.0.0.300"]}]""", null, false, "invalid k8s.v1.cni.cncf.io/networks annotation: element 1 (\"macvlan-a\")")]
    [InlineData(null, "override-net", true, null)]
    [InlineData(null, "kube-system/missing", false, "network-attachment-definition kube-system/missing not found")]
    [InlineData(null, "override-net,shared", false, "invalid v1.multus-cni.io/default-network annotation: exactly one network is allowed, found 2")]
    public async Task Validate_Pod_AnnotationsJudgedAsTheCniPathWould(string? networks, string? defaultNetwork, bool allowed, string? message)
    {
        var annotations = new Dictionary<string, string>();
        if (networks is not null)
        {
            annotations["k8s.v1.cni.cncf.io/networks"] = networks;
        }

        if (defaultNetwork is not null)
        {
            annotations["v1.multus-cni.io/default-network"] = defaultNetwork;
        }

        var (status, response, body) = await Harness.ReviewAsync("/validate", AdmissionRequests.Pod("apps", "web", annotations));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(allowed == response!["allowed"]!.GetValue<bool>(), body);
        if (message is not null)
        {
            Assert.Contains(message, response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Validate_Review_EchoesTheUid()
    {
        var request = AdmissionRequests.Nad("apps", "candidate", WebhookFixture.Macvlan);
        request["uid"] = "0f1e2d3c-uid-echo";

        var (_, response, _) = await Harness.ReviewAsync("/validate", request);

        Assert.Equal("0f1e2d3c-uid-echo", response!["uid"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("sriov-a, sriov-a, macvlan-a, sriov-b", null, """{"intel.com/sriov_a":"2","intel.com/sriov_b":"1"}""", """{"intel.com/sriov_a":"2","intel.com/sriov_b":"1"}""")]
    [InlineData("sriov-a, sriov-a", """{"requests":{"cpu":"100m","intel.com/sriov_a":"1"},"limits":{"memory":"64Mi"}}""", """{"cpu":"100m","intel.com/sriov_a":"2"}""", """{"memory":"64Mi","intel.com/sriov_a":"2"}""")]
    [InlineData("sriov-a", """{"limits":{"intel.com/sriov_a":"4"}}""", """{"intel.com/sriov_a":"4"}""", """{"intel.com/sriov_a":"4"}""")]
    public async Task MutatePod_ResourceNameNads_FirstContainerRequestsOneUnitPerAttachment(string networks, string? resources, string requests, string limits)
    {
        var request = AdmissionRequests.Pod("apps", "web", new Dictionary<string, string> { ["k8s.v1.cni.cncf.io/networks"] = networks }, resources is null ? null : JsonNode.Parse(resources)!.AsObject());
        var pod = request["object"]!.DeepClone();

        var (status, response, body) = await Harness.ReviewAsync("/mutate-pod", request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(response!["allowed"]!.GetValue<bool>(), body);
        Assert.Equal("JSONPatch", response["patchType"]!.GetValue<string>());
        var patch = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(response["patch"]!.GetValue<string>())));
        var patched = JsonPatch.Apply(pod, patch);
        var first = patched["spec"]!["containers"]![0]!["resources"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(requests), first["requests"]), first.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(limits), first["limits"]), first.ToJsonString());
        Assert.Null(patched["spec"]!["containers"]![1]!["resources"]);
    }

    [Theory]
    [InlineData("macvlan-a, default/shared", null)]
    [InlineData("sriov-a,,", null)]
    [InlineData("missing", null)]
    [InlineData("sriov-a, sriov-a", """{"requests":{"intel.com/sriov_a":"2"},"limits":{"intel.com/sriov_a":"2"}}""")]
    [InlineData("sriov-a", """{"requests":{"cpu":"100m","intel.com/sriov_a":"3"},"limits":{"intel.com/sriov_a":"3"}}""")]
    public async Task MutatePod_NothingToAdd_AllowedWithoutPatch(string networks, string? resources)
    {
        var request = AdmissionRequests.Pod("apps", "web", new Dictionary<string, string> { ["k8s.v1.cni.cncf.io/networks"] = networks }, resources is null ? null : JsonNode.Parse(resources)!.AsObject());

        var (status, response, body) = await Harness.ReviewAsync("/mutate-pod", request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(response!["allowed"]!.GetValue<bool>(), body);
        Assert.Null(response["patch"]);
    }

    [Theory]
    [InlineData("{not json", "the body is not a readable AdmissionReview")]
    [InlineData("null", "the body is JSON null")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u"}}""", "only admission.k8s.io/v1 AdmissionReview is served, not apiVersion \"admission.k8s.io/v1beta1\"")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "the AdmissionReview has no request")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"kind":{"group":"","version":"v1","kind":"Pod"}}}""", "request.uid is missing")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7}}""", "the body is not a readable AdmissionReview")]
    public async Task Post_UnreadableReview_Answers400NamingTheProblem(string body, string message)
    {
        var (status, _, text) = await Harness.PostAsync("/validate", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/validate", "apps", "v1", "Deployment", """{"metadata":{"name":"x"}}""", "does not review apps/v1, Kind=Deployment")]
    [InlineData("/mutate-pod", "k8s.cni.cncf.io", "v1", "NetworkAttachmentDefinition", """{"metadata":{"name":"x"}}""", "does not review k8s.cni.cncf.io/v1")]
    [InlineData("/validate", "k8s.cni.cncf.io", "v2", "NetworkAttachmentDefinition", """{"metadata":{"name":"x"}}""", "does not review k8s.cni.cncf.io/v2")]
    [InlineData("/validate", "k8s.cni.cncf.io", "v1", "NetworkAttachmentDefinition", """{"metadata":{"name":"x"},"spec":{"config":42}}""", "request.object is not a readable NetworkAttachmentDefinition")]
    [InlineData("/validate", "multi.dev", "v1alpha1", "IPPool", "[1,2]", "request.object must be a IPPool object, not array")]
    [InlineData("/validate", "", "v1", "Pod", """{"metadata":{"annotations":"nope"}}""", "request.object is not a readable Pod")]
    [InlineData("/validate", "multi.dev", "v1alpha1", "IPPool", """{"metadata":{"name":"x"},"spec":null}""", "IPPool x is invalid: spec is required")]
    [InlineData("/validate", "multi.dev", "v1alpha1", "ClusterNetwork", """{"metadata":{"name":"x"},"spec":null}""", "spec is required")]
    public async Task Post_ReadableReviewWithBadKindOrObject_DeniedWithAMessage(string path, string group, string version, string kind, string obj, string message)
    {
        var (status, response, body) = await Harness.ReviewAsync(path, AdmissionRequests.Request(group, version, kind, "apps", "x", "CREATE", JsonNode.Parse(obj)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(response!["allowed"]!.GetValue<bool>(), body);
        Assert.Contains(message, response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nad-annotation", true)]
    [InlineData("nad-config", false)]
    [InlineData("nad-resource", false)]
    [InlineData("network-finalizer", true)]
    [InlineData("network-spec", false)]
    [InlineData("pool-label", true)]
    public async Task Validate_UpdateOfAnInvalidObject_JudgedOnlyWhenTheSpecChanges(string change, bool allowed)
    {
        var (old, updated) = change switch
        {
            "nad-annotation" or "nad-config" or "nad-resource" => (AdmissionRequests.Nad("apps", "old", WebhookFixture.Sriov), AdmissionRequests.Nad("apps", "old", WebhookFixture.Sriov, operation: "UPDATE")),
            "network-finalizer" or "network-spec" => (AdmissionRequests.Network("old", JsonNode.Parse("""{"type":"nope"}""")!.AsObject()), AdmissionRequests.Network("old", JsonNode.Parse("""{"type":"nope"}""")!.AsObject(), "UPDATE")),
            _ => (AdmissionRequests.Pool("old", JsonNode.Parse("""{"cidr":"10.1.2.0/24"}""")!.AsObject()), AdmissionRequests.Pool("old", JsonNode.Parse("""{"cidr":"10.1.2.0/24"}""")!.AsObject(), "UPDATE")),
        };
        var obj = updated["object"]!;
        switch (change)
        {
            case "nad-annotation": obj["metadata"]!["annotations"] = new JsonObject { ["multi.dev/validation"] = "{}" }; break;
            case "nad-config": obj["spec"]!["config"] = """{"cniVersion":"1.0.0","type":"sriov","vlan":4095}"""; break;
            case "nad-resource": obj["metadata"]!["annotations"] = new JsonObject { ["k8s.v1.cni.cncf.io/resourceName"] = "bad" }; break;
            case "network-finalizer" or "pool-label": obj["metadata"]!["finalizers"] = new JsonArray("multi.dev/network"); obj["metadata"]!["labels"] = new JsonObject { ["x"] = "y" }; break;
            default: obj["spec"]!["type"] = "nope2"; break;
        }

        updated["oldObject"] = old["object"]!.DeepClone();
        var (status, response, body) = await Harness.ReviewAsync("/validate", updated);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(allowed == response!["allowed"]!.GetValue<bool>(), body);
    }
}
