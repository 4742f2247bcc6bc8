namespace Multi.Core.Ipam;

/// <summary>An inclusive address range of a pool: <c>{start, end}</c>, both inside the pool's CIDR.</summary>
public sealed record IpRangeSpec(string Start, string End);
