namespace Multi.Core.Cni;

/// <summary>Well-known CNI error codes plus Multi's own (cni-protocol.md, section 3).</summary>
public static class CniErrorCode
{
    public const uint IncompatibleVersion = 1;
    public const uint UnsupportedField = 2;
    public const uint UnknownContainer = 3;
    public const uint InvalidEnvironment = 4;
    public const uint IoFailure = 5;
    public const uint DecodingFailure = 6;
    public const uint InvalidNetworkConfig = 7;
    public const uint TryAgainLater = 11;
    public const uint CannotServeAdd = 50;
    public const uint LimitedConnectivity = 51;
    public const uint Internal = 999;

    public const uint DelegateNotFound = 100;
    public const uint DelegateFailed = 101;
    public const uint CacheFailure = 102;
    public const uint InvalidAnnotation = 103;
    public const uint NadUnusable = 104;
    public const uint PolicyViolation = 105;
    public const uint RequestNotApplied = 106;
    public const uint InterfaceConflict = 107;
    public const uint PodIdentity = 108;
    public const uint ResultNotExpressible = 109;
    public const uint DeviceMissing = 110;

    // IPAM plugin (ipam-requirements.md, section 10).
    public const uint PoolExhausted = 120;
    public const uint AddressOwned = 121;
    public const uint AddressNotInPool = 122;
    public const uint PoolUnusable = 123;

    /// <summary>CHECK: an address of the attachment has no claim owned by it (released, or taken over by GC).</summary>
    public const uint AllocationMissing = 124;
}
