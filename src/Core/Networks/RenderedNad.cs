namespace Multi.Core.Networks;

/// <summary>
/// What a network's NADs hold: <paramref name="Config"/> is <c>spec.config</c> (compact JSON, fixed key order, the same in
/// every namespace) and <paramref name="ResourceName"/> the <c>k8s.v1.cni.cncf.io/resourceName</c> annotation, if any.
/// </summary>
public sealed record RenderedNad(string Config, string? ResourceName);
