namespace Multi.Core.Devices;

/// <summary>
/// What one attachment brings to device assignment: the NAD's <c>k8s.v1.cni.cncf.io/resourceName</c> (null without it) and
/// the annotation element's own <c>deviceID</c>. <see cref="Label"/> names the attachment in messages
/// (<c>network ns/nad (net1)</c>).
/// </summary>
public sealed record DeviceRequest(int Position, string Label, string? ResourceName, string? ElementDeviceId);
