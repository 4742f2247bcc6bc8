using k8s;
using Multi.Operator.Controllers;
using Multi.Operator.Entities;

namespace Multi.Operator.Tests.Controllers;

/// <summary>The NAD informer's transform keeps what every reader of the cache uses and holds a repeated config once.</summary>
public sealed class NadCacheEntryTests
{
    private static NadResource Decoded(string ns, string uid, string config) => KubernetesJson.Deserialize<NadResource>($$"""
        {"apiVersion":"k8s.cni.cncf.io/v1","kind":"NetworkAttachmentDefinition",
         "metadata":{"name":"storage","namespace":"{{ns}}","uid":"{{uid}}","resourceVersion":"7","generation":1,
          "labels":{"multi.dev/cluster-network":"storage","app.kubernetes.io/managed-by":"multi-operator"},
          "annotations":{"multi.dev/owner-uid":"net-uid","multi.dev/validation":"{\"config\":\"sha256:0123\"}","k8s.v1.cni.cncf.io/resourceName":"intel.com/sriov"},
          "managedFields":[{"manager":"multi","operation":"Update","apiVersion":"k8s.cni.cncf.io/v1"}]},
         "spec":{"config":{{System.Text.Json.JsonSerializer.Serialize(config)}}
        """ + "}}");

    [Fact]
    public void Trim_RenderedNad_KeepsWhatReconcilersAndTheWebhookRead()
    {
        var nad = (NadResource)new NadCacheEntry().Trim(Decoded("team-a", "nad-uid", """{"cniVersion":"1.0.0","name":"storage","type":"macvlan"}"""));

        Assert.Equal(("storage", "team-a", "nad-uid", "7"), (nad.Metadata.Name, nad.Metadata.NamespaceProperty, nad.Metadata.Uid, nad.Metadata.ResourceVersion));
        Assert.Equal("""{"cniVersion":"1.0.0","name":"storage","type":"macvlan"}""", nad.Spec.Config);
        Assert.Equal("storage", nad.Metadata.Labels["multi.dev/cluster-network"]);
        Assert.Equal("multi-operator", nad.Metadata.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("net-uid", nad.Metadata.Annotations["multi.dev/owner-uid"]);
        Assert.Equal("""{"config":"sha256:0123"}""", nad.Metadata.Annotations["multi.dev/validation"]);
        Assert.Equal("intel.com/sriov", nad.Metadata.Annotations[NadResource.ResourceNameAnnotation]);
        Assert.Null(nad.Metadata.ManagedFields);
        Assert.Equal((NadResource.Group + "/" + NadResource.Version, NadResource.KindName), (nad.ApiVersion, nad.Kind));
    }

    [Fact]
    public void Trim_OneNetworksNadsInTwoNamespaces_HoldTheConfigOnceAndTheirOwnUids()
    {
        var entry = new NadCacheEntry();
        var config = """{"cniVersion":"1.0.0","name":"storage","type":"macvlan","master":"eth1"}""";

        var first = (NadResource)entry.Trim(Decoded("team-a", "uid-a", config));
        var second = (NadResource)entry.Trim(Decoded("team-b", "uid-b", config));
        var edited = (NadResource)entry.Trim(Decoded("team-c", "uid-c", config.Replace("eth1", "eth2", StringComparison.Ordinal)));

        Assert.Same(first.Spec.Config, second.Spec.Config);
        Assert.Same(first.Metadata.Annotations["multi.dev/validation"], second.Metadata.Annotations["multi.dev/validation"]);
        Assert.Equal(("uid-a", "uid-b"), (first.Metadata.Uid, second.Metadata.Uid));
        Assert.Contains("eth2", edited.Spec.Config, StringComparison.Ordinal);
    }

    [Fact]
    public void Trim_NadWithoutConfig_KeepsItAbsent()
    {
        var nad = KubernetesJson.Deserialize<NadResource>("""{"apiVersion":"k8s.cni.cncf.io/v1","kind":"NetworkAttachmentDefinition","metadata":{"name":"file","namespace":"a"},"spec":{}}""");

        var trimmed = (NadResource)new NadCacheEntry().Trim(nad);

        Assert.Null(trimmed.Spec.Config);
        Assert.Null(trimmed.Metadata.Labels);
    }
}
