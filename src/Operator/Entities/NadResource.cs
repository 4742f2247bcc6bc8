
namespace Multi.Operator.Entities;

/// <summary>A <c>k8s.cni.cncf.io/v1</c> NetworkAttachmentDefinition as the API serves it (the NPWG CRD).</summary>
public sealed class NadResource() : KubeResource<NadSpec>(Group + "/" + Version, KindName, new())
{
    public const string Group = "k8s.cni.cncf.io";
    public const string Version = "v1";
    public const string Plural = "network-attachment-definitions";
    public const string KindName = "NetworkAttachmentDefinition";

    /// <summary>The NPWG annotation that ties a NAD to a device-plugin resource (SR-IOV).</summary>
    public const string ResourceNameAnnotation = "k8s.v1.cni.cncf.io/resourceName";
}
