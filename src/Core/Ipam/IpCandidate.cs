using System.Net;

namespace Multi.Core.Ipam;

/// <summary>
/// An address to try: wait <see cref="Backoff"/>, then create the IPAllocation named <see cref="AllocationName"/>.
/// <see cref="Preferred"/> is true when it is the requested or sticky address rather than a dynamic pick.
/// </summary>
public sealed record IpCandidate(IPAddress Address, string Text, int PrefixLength, string AllocationName, TimeSpan Backoff, bool Preferred)
{
    /// <summary>The address with the pool's prefix, as a CNI result wants it.</summary>
    public string Cidr => $"{Text}/{PrefixLength}";
}
