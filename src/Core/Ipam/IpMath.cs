using System.Net;
using System.Net.Sockets;

namespace Multi.Core.Ipam;

/// <summary>Addresses as unsigned numbers: an IPv4 address is its 32-bit value, an IPv6 address its 128-bit value.</summary>
internal static class IpMath
{
    public static int Bits(bool v6) => v6 ? 128 : 32;

    public static UInt128 ToValue(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        UInt128 value = 0;
        for (var i = 0; i < written; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    public static IPAddress ToAddress(UInt128 value, bool v6)
    {
        var bytes = new byte[v6 ? 16 : 4];
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xff);
            value >>= 8;
        }

        return new IPAddress(bytes);
    }

    /// <summary>The host part of a prefix: all ones in the low <c>bits - prefix</c> bits (zero for a full-length prefix).</summary>
    public static UInt128 HostMask(int prefix, bool v6)
    {
        var hostBits = Bits(v6) - prefix;
        return hostBits <= 0 ? UInt128.Zero : UInt128.MaxValue >> (128 - hostBits);
    }

    public static bool IsV6(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>A uniform value in [0, bound) from the caller's generator (rejection sampling, no modulo bias).</summary>
    public static UInt128 NextBelow(Random random, UInt128 bound)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(bound, UInt128.Zero);
        var mask = bound - 1;
        var bits = 128 - (int)UInt128.LeadingZeroCount(mask);
        mask = bits == 0 ? UInt128.Zero : UInt128.MaxValue >> (128 - bits);
        Span<byte> buffer = stackalloc byte[16];
        while (true)
        {
            random.NextBytes(buffer);
            var value = new UInt128(BitConverter.ToUInt64(buffer[..8]), BitConverter.ToUInt64(buffer[8..])) & mask;
            if (value < bound)
            {
                return value;
            }
        }
    }
}
