namespace Multi.Core.Ipam;

/// <summary>Two pools whose CIDRs share addresses.</summary>
public sealed record IpPoolOverlap(string First, IpCidr FirstCidr, string Second, IpCidr SecondCidr)
{
    public string Message => $"pool {First} ({FirstCidr}) overlaps pool {Second} ({SecondCidr})";
}
