using System.Diagnostics;
using System.Net;
using Multi.Core.Ipam;
using Xunit;
using static Multi.Core.Tests.Ipam.IpPoolLayoutTests;

namespace Multi.Core.Tests.Ipam;

/// <summary>Pool size never shows in memory or time: layouts are O(intervals), views O(taken runs).</summary>
public sealed class LargePoolTests
{
    private const int Allocations = 5000;

    [Theory]
    [InlineData("2001:db8::/64", "2001:db8::1", "18446744073709551614")]
    [InlineData("2001:db8::/48", null, "1208925819614629174706175")]
    [InlineData("10.0.0.0/8", "10.0.0.1", "16777213")]
    [InlineData("10.0.0.0/24", "10.0.0.1", "253")]
    public void Create_AnyPoolSize_LayoutAllocatesLittle(string cidr, string? gateway, string capacity)
    {
        var spec = Spec(cidr, "", "", gateway);
        IpPoolLayout.Create("warm", spec).Unwrap();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var layout = IpPoolLayout.Create("big", spec).Unwrap();

        Assert.Equal(capacity, layout.CapacityText);
        Assert.InRange(layout.Intervals.Count, 1, 2);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16 * 1024);
    }

    [Theory]
    [InlineData("2001:db8::/64")]
    [InlineData("10.0.0.0/8")]
    [InlineData("10.0.0.0/18")]
    public void Next_ThousandsOfAllocations_UniqueInPoolAndFast(string cidr)
    {
        var layout = IpPoolLayout.Create("big", Spec(cidr, "", "", null)).Unwrap();
        var view = new IpPoolOccupancy(layout);
        var random = new Random(2024);
        var seen = new HashSet<IPAddress>();
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < Allocations; i++)
        {
            var candidate = IpAllocator.Next(view, random).Unwrap();
            Assert.True(layout.Contains(candidate.Address));
            Assert.True(seen.Add(candidate.Address));
            view.MarkTaken(candidate.Address);
        }

        Assert.Equal((UInt128)Allocations, view.TakenCount);
        Assert.InRange(view.TakenRuns.Count, 1, Allocations);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Next_FullSlash20_EveryAddressOnceThenExhausted()
    {
        var layout = IpPoolLayout.Create("small", Spec("10.1.0.0/20", "", "10.1.0.0/24", "10.1.1.1")).Unwrap();
        var view = new IpPoolOccupancy(layout);
        var random = new Random(5);
        var seen = new HashSet<IPAddress>();

        while (IpAllocator.Next(view, random) is { IsOk: true } next)
        {
            Assert.True(seen.Add(next.Value.Address));
            view.MarkTaken(next.Value.Address);
        }

        Assert.Equal(4096 - 256 - 1 - 1, seen.Count);
        Assert.Single(view.TakenRuns);
    }
}
