using System.Collections.Immutable;

namespace Multi.Core.Devices;

/// <summary>One <c>Data.PodDeviceEntries[]</c> element of the kubelet's device-manager checkpoint.</summary>
public sealed record DeviceCheckpointEntry(string PodUid, string ContainerName, string ResourceName, ImmutableArray<string> DeviceIds);
