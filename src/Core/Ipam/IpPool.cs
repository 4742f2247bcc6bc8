namespace Multi.Core.Ipam;

/// <summary>A named pool: the object name (a DNS-1123 label, also the claims' address space) and its spec.</summary>
public sealed record IpPool(string Name, IpPoolSpec Spec);
