namespace Multi.Operator.Tests.NodeAgent.Netlink;

/// <summary>Golden bytes written as hex with spaces between fields, as the kernel structs lay them out (little-endian host).</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
