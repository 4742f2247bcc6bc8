using System.Net;
using Multi.Core.Ipam;
using Xunit;
using static Multi.Core.Tests.Ipam.IpPoolLayoutTests;

namespace Multi.Core.Tests.Ipam;

public sealed class IpAllocatorTests
{
    [Fact]
    public void Next_EveryAddressTaken_Fails120WithPoolAndCapacity()
    {
        var view = View("10.0.0.0/30");
        view.MarkTaken(IPAddress.Parse("10.0.0.1"));
        view.MarkTaken(IPAddress.Parse("10.0.0.2"));

        var next = IpAllocator.Next(view, new Random(1));

        Assert.Equal(120u, next.Error!.Code);
        Assert.Equal("pool p exhausted (capacity 2)", next.Error.Msg);
    }

    [Fact]
    public void Next_OneFreeAddress_ReturnsItWithNameAndPrefix()
    {
        var view = View("10.0.0.0/29");
        foreach (var last in new[] { 1, 2, 3, 5, 6 })
        {
            view.MarkTaken(IPAddress.Parse($"10.0.0.{last}"));
        }

        var candidate = IpAllocator.Next(view, new Random(7)).Unwrap();

        Assert.Equal("10.0.0.4", candidate.Text);
        Assert.Equal("10.0.0.4/29", candidate.Cidr);
        Assert.Equal("p.10.0.0.4", candidate.AllocationName);
        Assert.Equal(TimeSpan.Zero, candidate.Backoff);
        Assert.False(candidate.Preferred);
    }

    [Theory]
    [InlineData("10.0.0.9", false, "10.0.0.9")]
    [InlineData("10.0.0.9", true, null)]
    [InlineData("10.0.0.0", false, null)]
    [InlineData("10.0.1.9", false, null)]
    public void Next_PreferredAddress_ReturnedOnlyWhenAllocatableAndFree(string preferred, bool taken, string? expected)
    {
        var view = View("10.0.0.0/24");
        if (taken)
        {
            view.MarkTaken(IPAddress.Parse(preferred));
        }

        var candidate = IpAllocator.Next(view, new Random(3), preferred: IPAddress.Parse(preferred)).Unwrap();

        Assert.Equal(expected is not null, candidate.Preferred);
        Assert.True(expected is null ? candidate.Text != preferred : candidate.Text == expected);
    }

    [Fact]
    public void Next_AttemptsExhausted_Fails11()
    {
        var view = View("10.0.0.0/24");

        var next = IpAllocator.Next(view, new Random(1), attempt: 5, options: new IpAllocatorOptions { MaxAttempts = 5 });

        Assert.Equal(11u, next.Error!.Code);
        Assert.Contains("pool p: 5 candidates were taken concurrently", next.Error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 2)]
    [InlineData(4, 4)]
    [InlineData(8, 64)]
    [InlineData(20, 250)]
    public void Next_Attempt_BackoffIsJitteredBelowCap(int attempt, int capMs)
    {
        var backoffs = Enumerable.Range(0, 50)
            .Select(seed => IpAllocator.Next(View("10.0.0.0/24"), new Random(seed), attempt).Unwrap().Backoff)
            .ToList();

        Assert.All(backoffs, b => Assert.InRange(b, TimeSpan.Zero, TimeSpan.FromMilliseconds(capMs)));
        Assert.True(capMs == 0 || backoffs.Distinct().Count() > 10);
    }

    [Fact]
    public void Next_SameSeed_SameCandidate()
    {
        var first = IpAllocator.Next(View("2001:db8::/64"), new Random(42)).Unwrap();
        var second = IpAllocator.Next(View("2001:db8::/64"), new Random(42)).Unwrap();

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("10.0.0.0", "the network address")]
    [InlineData("10.0.0.255", "the broadcast address")]
    [InlineData("10.0.0.1", "the gateway")]
    [InlineData("10.0.0.50", "excluded")]
    [InlineData("10.0.0.220", "outside the pool's ranges")]
    [InlineData("192.168.0.1", "outside cidr 10.0.0.0/24")]
    [InlineData("2001:db8::1", "outside cidr 10.0.0.0/24")]
    public void Requested_NotAllocatable_Fails122NamingPoolAndAddress(string address, string reason)
    {
        var layout = IpPoolLayout.Create("blue", Spec("10.0.0.0/24", "10.0.0.1-10.0.0.200", "10.0.0.48/28", "10.0.0.1")).Unwrap();

        var requested = IpAllocator.Requested(layout, IPAddress.Parse(address));

        Assert.Equal(122u, requested.Error!.Code);
        Assert.Equal($"address {address} is not allocatable in pool blue: {reason}", requested.Error.Msg);
    }

    [Fact]
    public void Requested_Allocatable_IsPreferredCandidateInCanonicalText()
    {
        var layout = IpPoolLayout.Create("v6", Spec("2001:db8::/64", "", "", null)).Unwrap();

        var candidate = IpAllocator.Requested(layout, IPAddress.Parse("2001:DB8:0::0:A")).Unwrap();

        Assert.Equal("2001:db8::a", candidate.Text);
        Assert.Equal("v6.20010db800000000000000000000000a", candidate.AllocationName);
        Assert.True(candidate.Preferred);
    }

    [Fact]
    public void MarkFree_ReleasedAddress_IsOfferedAgain()
    {
        var view = View("10.0.0.0/30");
        var first = IpAllocator.Next(view, new Random(1)).Unwrap().Address;
        view.MarkTaken(first);
        var second = IpAllocator.Next(view, new Random(2)).Unwrap().Address;
        view.MarkTaken(second);

        view.MarkFree(first);
        var again = IpAllocator.Next(view, new Random(3)).Unwrap();

        Assert.NotEqual(first, second);
        Assert.Equal(first, again.Address);
        Assert.Equal(1u, (uint)view.TakenCount);
    }

    [Fact]
    public void MarkTaken_AddressOutsideLayoutOrTwice_False()
    {
        var view = View("10.0.0.0/24");

        Assert.False(view.MarkTaken(IPAddress.Parse("10.0.1.1")));
        Assert.True(view.MarkTaken(IPAddress.Parse("10.0.0.7")));
        Assert.False(view.MarkTaken(IPAddress.Parse("10.0.0.7")));
        Assert.False(view.MarkFree(IPAddress.Parse("10.0.0.8")));
    }

    private static IpPoolOccupancy View(string cidr) => new(IpPoolLayout.Create("p", Spec(cidr, "", "", null)).Unwrap());
}
