using Multi.Core.Ipam;

namespace Multi.Cli.Kube;

/// <summary>An IPPool as read from the API: its layout, or why its spec is unusable.</summary>
internal sealed record PoolEntry(string Name, string Cidr, IpPoolLayout? Layout, string? Problem);
