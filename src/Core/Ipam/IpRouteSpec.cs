namespace Multi.Core.Ipam;

/// <summary>A route put in results: destination CIDR and optional next hop, same family as the pool.</summary>
public sealed record IpRouteSpec(string Dst, string? Gw = null);
