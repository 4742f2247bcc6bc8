namespace Multi.Core.Devices;

/// <summary>
/// The device of one attachment. <see cref="Allocated"/>: taken from the pod's device-plugin allocation (then it is also
/// written into the delegate config as <c>deviceID</c>/<c>pciBusID</c>); false for an annotation element's own
/// <c>deviceID</c>, which only reaches the <c>deviceID</c> capability. <see cref="ResourceName"/> is the NAD's resource.
/// </summary>
public sealed record DeviceAssignment(string DeviceId, string? ResourceName, bool Allocated);
