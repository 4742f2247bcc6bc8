namespace Multi.Cni.Kube;

/// <summary>
/// The file a kubeconfig's <c>tokenFile</c> names (resolved) and its modification time when the token was read: the client
/// reads it again when that time changes, as a projected service-account token is rotated in place.
/// </summary>
internal sealed record KubeTokenFile(string Path, DateTime Modified);
