namespace Multi.Core.Nad;

/// <summary>
/// A <c>k8s.cni.cncf.io/v1</c> NetworkAttachmentDefinition as far as Multi reads it (npwg-behaviour.md, section 5):
/// <c>spec.config</c> and the <c>k8s.v1.cni.cncf.io/resourceName</c> annotation.
/// </summary>
public sealed record NetworkAttachmentDefinition(string Namespace, string Name, string? Config = null, string? ResourceName = null)
{
    public const string Group = "k8s.cni.cncf.io";
    public const string Version = "v1";
    public const string Kind = "NetworkAttachmentDefinition";
    public const string Plural = "network-attachment-definitions";
    public const string ResourceNameAnnotation = "k8s.v1.cni.cncf.io/resourceName";

    /// <summary>True when <c>spec.config</c> is empty and the delegate must be found in <c>confDir</c> by name.</summary>
    public bool UsesConfDir => string.IsNullOrEmpty(Config);

    public string QualifiedName => $"{Namespace}/{Name}";
}
