namespace Multi.Core.Ipam;

/// <summary>An inclusive interval of numbers (offsets or indexes); <see cref="First"/> ≤ <see cref="Last"/>.</summary>
public readonly record struct IpInterval(UInt128 First, UInt128 Last)
{
    /// <summary>The number of values; wraps to zero only for the full 128-bit space, which no pool can hold.</summary>
    public UInt128 Count => Last - First + 1;

    public bool Contains(UInt128 value) => value >= First && value <= Last;
}
