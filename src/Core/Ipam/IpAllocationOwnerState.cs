namespace Multi.Core.Ipam;

/// <summary>What became of a claim's owner, judged by <see cref="IpAllocationOwners.Judge"/>.</summary>
public enum IpAllocationOwnerState
{
    /// <summary>The pod with the claim's UID exists and has not finished: the claim is in use.</summary>
    Live,

    /// <summary>No pod exists under the owner's namespace and name, so none with its UID does.</summary>
    Gone,

    /// <summary>A pod of the same namespace and name exists with another UID: the owner was deleted and re-created.</summary>
    Replaced,

    /// <summary>The owner pod exists with the claim's UID but has reached the Succeeded or Failed phase.</summary>
    Terminal,

    /// <summary>The claim names no pod UID, namespace or name to look up: its owner can never be proven gone.</summary>
    Unidentified,
}
