using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>
/// A node's stock of node-reserved claims (ipam-requirements section 4, "Node reservation"), kept by the node daemon. ADD takes
/// one and binds it with a single conditioned update; the stock is refilled and returned in the background, never on the ADD
/// path. Every call answers at once.
/// </summary>
internal interface IIpamReservations
{
    /// <summary>A reserved claim of <paramref name="pool"/> (with its resource version), removed from the stock; null when none is in stock.</summary>
    IpAllocationClaim? Take(string pool);

    /// <summary>
    /// Gives back a claim <see cref="Take"/> returned whose bind had no answer (it may or may not have been applied): the next
    /// bind of it is conditioned on the same resource version, so an applied bind makes it a conflict, never a second owner.
    /// </summary>
    void Restore(IpAllocationClaim reserved);

    /// <summary>The outcome of the bind of <paramref name="reserved"/>: <paramref name="bound"/> false for a conflict (the claim changed or is gone; ADD allocates afresh).</summary>
    void Report(IpAllocationClaim reserved, bool bound);
}
