using System.Net;
using CsCheck;
using Multi.Core.Ipam;
using Xunit;

namespace Multi.Core.Tests.Ipam;

public sealed class IpAllocationNameTests
{
    [Theory]
    [InlineData("blue", "10.0.0.5", "blue.10.0.0.5")]
    [InlineData("blue", "0.0.0.0", "blue.0.0.0.0")]
    [InlineData("v6-pool", "2001:db8::1", "v6-pool.20010db8000000000000000000000001")]
    [InlineData("v6-pool", "::", "v6-pool.00000000000000000000000000000000")]
    [InlineData("v6-pool", "::1", "v6-pool.00000000000000000000000000000001")]
    [InlineData("a", "FE80::ABCD", "a.fe80000000000000000000000000abcd")]
    public void Format_Table_IsValidSubdomainAndRoundTrips(string pool, string address, string expected)
    {
        var name = IpAllocationName.Format(pool, IPAddress.Parse(address));

        Assert.Equal(expected, name);
        Assert.True(KubeNames.IsDns1123Subdomain(name));
        Assert.True(IpAllocationName.TryParse(name, out var backPool, out var backAddress));
        Assert.Equal(pool, backPool);
        Assert.Equal(IPAddress.Parse(address), backAddress);
    }

    [Theory]
    [InlineData("Blue")]
    [InlineData("blue.green")]
    [InlineData("-blue")]
    [InlineData("")]
    public void Format_PoolNotALabel_Throws(string pool) =>
        Assert.Throws<ArgumentException>(() => IpAllocationName.Format(pool, IPAddress.Parse("10.0.0.1")));

    [Fact]
    public void Format_Ipv4MappedIpv6_Throws() =>
        Assert.Throws<ArgumentException>(() => IpAllocationName.Format("p", IPAddress.Parse("::ffff:10.0.0.1")));

    [Theory]
    [InlineData("blue")]
    [InlineData("blue.")]
    [InlineData("blue.10.0.0")]
    [InlineData("blue.010.0.0.1")]
    [InlineData("blue.2001-db8--1")]
    [InlineData("blue.20010DB8000000000000000000000001")]
    [InlineData("blue.20010db800000000000000000000001")]
    [InlineData("blue.00000000000000000000ffff0a000001")]
    [InlineData("Blue.10.0.0.1")]
    [InlineData(".10.0.0.1")]
    public void TryParse_NotProducedByFormat_False(string name) =>
        Assert.False(IpAllocationName.TryParse(name, out _, out _));

    [Fact]
    public void Format_RandomAddresses_InjectiveValidAndReversible()
    {
        var address = Gen.Bool.SelectMany(v6 => Gen.Byte.Array[v6 ? 16 : 4]).Select(b => new IPAddress(b)).Where(a => !a.IsIPv4MappedToIPv6);
        Gen.Select(Gen.OneOf(Gen.Const("a"), Gen.Const("pool-1"), Gen.Const(new string('x', 63))), address, address).Sample(
            (pool, first, second) =>
            {
                var name = IpAllocationName.Format(pool, first);

                Assert.True(KubeNames.IsDns1123Subdomain(name) && name.Length <= 253);
                Assert.True(IpAllocationName.TryParse(name, out var backPool, out var back) && backPool == pool && back.Equals(first));
                Assert.Equal(first.Equals(second), name == IpAllocationName.Format(pool, second));
            },
            iter: 5000);
    }
}
