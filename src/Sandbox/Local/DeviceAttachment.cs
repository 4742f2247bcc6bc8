namespace Multi.Sandbox.Local;

/// <summary>
/// A device-plugin attachment of a sandbox pod: a <c>network-status</c> entry carrying <c>device-info</c> (its content as
/// compact JSON), with the device ID the sandbox's kubelet allocated for it, or why it could not be read.
/// </summary>
internal sealed record DeviceAttachment(string Pod, string Network, string Interface, string? Mac, string? DeviceId, string DeviceInfo, string? Problem);
