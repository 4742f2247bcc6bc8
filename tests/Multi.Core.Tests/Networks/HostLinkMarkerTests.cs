using Multi.Core.Networks;
using Xunit;

namespace Multi.Core.Tests.Networks;

public sealed class HostLinkMarkerTests
{
    [Fact]
    public void For_CanonicalStrings_PinnedHashesAndText()
    {
        var marker = HostLinkMarker.For("vlan|x", "spec");

        Assert.Equal("multi/v1 id=55980e5801bd spec=d4f02eaafd1a", marker.ToString());
    }

    [Theory]
    [InlineData("multi/v1 id=0123456789ab spec=abcdef012345", true, "0123456789ab", "abcdef012345")]
    [InlineData("multi/v1 id=000000000000 spec=ffffffffffff", true, "000000000000", "ffffffffffff")]
    [InlineData(null, false, null, null)]
    [InlineData("", false, null, null)]
    [InlineData("uplink to rack 4", false, null, null)]
    [InlineData("multi/v2 id=0123456789ab spec=abcdef012345", false, null, null)]
    [InlineData("multi/v1 id=0123456789AB spec=abcdef012345", false, null, null)]
    [InlineData("multi/v1 id=0123456789a spec=abcdef012345", false, null, null)]
    [InlineData("multi/v1 spec=abcdef012345 id=0123456789ab", false, null, null)]
    [InlineData("multi/v1 id=0123456789ab spec=abcdef012345 extra", false, null, null)]
    [InlineData("multi/v1 id=0123456789ab  spec=abcdef012345", false, null, null)]
    [InlineData(" multi/v1 id=0123456789ab spec=abcdef012345", false, null, null)]
    [InlineData("multi/v1 id=0123456789ag spec=abcdef012345", false, null, null)]
    public void TryParse_Alias_OnlyAnExactV1MarkerIsOurs(string? alias, bool ours, string? id, string? spec)
    {
        var parsed = HostLinkMarker.TryParse(alias, out var marker);

        Assert.Equal(ours, parsed);
        Assert.Equal(id, marker?.IdentityHash);
        Assert.Equal(spec, marker?.SpecHash);
    }

    [Theory]
    [InlineData("vlan|a", "s1")]
    [InlineData("vxlan|vx42-1db7|eth1|42|4789|239.1.1.1||-|", "vxlan|...|mtu=1400")]
    public void TryParse_WhatForWrites_RoundTrips(string identity, string spec)
    {
        var marker = HostLinkMarker.For(identity, spec);

        Assert.True(HostLinkMarker.TryParse(marker.ToString(), out var parsed));
        Assert.Equal(marker, parsed);
    }
}
