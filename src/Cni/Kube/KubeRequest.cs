namespace Multi.Cni.Kube;

/// <summary>One API request as sent on every attempt; <see cref="Body"/> is UTF-8 JSON of <see cref="ContentType"/>.</summary>
internal sealed record KubeRequest(HttpMethod Method, string Path, string? ContentType, byte[]? Body);
