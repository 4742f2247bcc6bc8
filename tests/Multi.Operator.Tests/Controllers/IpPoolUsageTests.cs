using Multi.Core.Ipam;
using Multi.Operator.Controllers.IpPools;

namespace Multi.Operator.Tests.Controllers;

/// <summary>The pure derivation of a pool's usage and conditions from its spec, its claims and the other pools.</summary>
public sealed class IpPoolUsageTests
{
    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.1", "10.0.0.2,10.0.0.3", "253", "2", "251", "ipv4")]
    [InlineData("10.0.0.0/24", "10.0.0.1", "10.0.0.1,10.0.0.0,10.0.0.255,10.0.1.5,junk", "253", "0", "253", "ipv4")] // gateway, reserved, outside, unparsable
    [InlineData("10.0.0.0/24", null, "10.0.0.2,10.0.0.2", "254", "1", "253", "ipv4")] // one address claimed twice counts once
    [InlineData("10.0.0.0/30", null, "10.0.0.1,10.0.0.2", "2", "2", "0", "ipv4")]
    [InlineData("2001:db8::/64", null, "2001:db8::5", "18446744073709551615", "1", "18446744073709551614", "ipv6")]
    public void Derive_ValidPool_CountsDistinctAllocatableClaims(string cidr, string? gateway, string claims, string capacity, string allocated, string free, string family)
    {
        var usage = IpPoolUsage.Derive(new IpPool("p", new IpPoolSpec { Cidr = cidr, Gateway = gateway }), claims.Split(',').Select(a => Claim(a)), []);

        Assert.Equal((capacity, allocated, free, family), (usage.CapacityText, usage.Allocated.ToString(), usage.FreeText, usage.Family));
        Assert.Equal(usage.Free == 0, usage.Conditions.Single(c => c.Type == IpPoolUsage.Exhausted).Status);
    }

    [Theory]
    [InlineData("10.0.0.2:node-reserved,10.0.0.3:node-reserved,10.0.0.4", "3", "2", "250")]
    [InlineData("10.0.0.2:node-reserved,10.0.0.2:node-reserved,10.0.0.3:static", "2", "1", "251")] // an address twice counts once
    [InlineData("10.0.0.1:node-reserved,10.0.1.1:node-reserved,10.0.0.2:sticky,10.0.0.3:dynamic", "2", "0", "251")] // gateway, outside
    [InlineData("10.0.0.2:dynamic,10.0.0.3", "2", "0", "251")] // no kind is dynamic
    public void Derive_NodeReservedClaims_CountAsAllocatedAndAsNodeReserved(string claims, string allocated, string nodeReserved, string free)
    {
        var specs = claims.Split(',').Select(c => c.Split(':') is [var address, var kind] ? Claim(address, kind) : Claim(c));

        var usage = IpPoolUsage.Derive(new IpPool("p", new IpPoolSpec { Cidr = "10.0.0.0/24", Gateway = "10.0.0.1" }), specs, []);

        Assert.Equal((allocated, nodeReserved, free), (usage.Allocated.ToString(), usage.NodeReserved.ToString(), usage.FreeText));
    }

    [Theory]
    [InlineData(10, 8, false)]
    [InlineData(10, 9, true)]
    [InlineData(14, 12, false)]
    [InlineData(14, 13, true)]
    public void NearlyFull_AtNinetyPercent(int capacity, int allocated, bool expected) =>
        Assert.Equal(expected, new IpPoolUsage("ipv4", (UInt128)capacity, (UInt128)allocated, []).NearlyFull);

    [Fact]
    public void Derive_InvalidSpec_NotReadyDegradedWithTheFieldAndNoCapacity()
    {
        var usage = IpPoolUsage.Derive(new IpPool("p", new IpPoolSpec { Cidr = "10.0.0.1/24" }), [Claim("10.0.0.2", IpAllocationKinds.NodeReserved)], []);

        Assert.Equal(("0", "0", UInt128.Zero), (usage.CapacityText, usage.FreeText, usage.NodeReserved));
        Assert.False(usage.Conditions.Single(c => c.Type == "Ready").Status);
        var degraded = usage.Conditions.Single(c => c.Type == "Degraded");
        Assert.Equal(("InvalidSpec", true), (degraded.Reason, degraded.Status));
        Assert.Contains("cidr", degraded.Message, StringComparison.Ordinal);
        Assert.False(usage.Conditions.Single(c => c.Type == IpPoolUsage.Exhausted).Status);
    }

    [Fact]
    public void Derive_OverlappingPools_DegradedNamingEveryOtherPoolButStillReady()
    {
        var pool = new IpPool("wide", new IpPoolSpec { Cidr = "10.0.0.0/16" });
        IpPool[] all = [pool, new("a", new IpPoolSpec { Cidr = "10.0.1.0/24" }), new("b", new IpPoolSpec { Cidr = "10.1.0.0/24" }), new("c", new IpPoolSpec { Cidr = "10.0.2.0/24" })];

        var usage = IpPoolUsage.Derive(pool, [], all);

        var degraded = usage.Conditions.Single(c => c.Type == "Degraded");
        Assert.Equal(("Overlap", true), (degraded.Reason, degraded.Status));
        Assert.Contains("pool a", degraded.Message, StringComparison.Ordinal);
        Assert.Contains("pool c", degraded.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pool b", degraded.Message, StringComparison.Ordinal);
        Assert.True(usage.Conditions.Single(c => c.Type == "Ready").Status);
    }

    private static IpAllocationSpec Claim(string address, string? kind = null) =>
        new("p", address, new IpAllocationOwner("apps", "web-0", "uid-1", "c1", "net1", "node-a"), kind);
}
