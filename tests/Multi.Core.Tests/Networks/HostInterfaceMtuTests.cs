using Multi.Core.Networks;
using Xunit;

namespace Multi.Core.Tests.Networks;

public sealed class HostInterfaceMtuTests
{
    [Theory]
    [InlineData(false, false, false, 0)]
    [InlineData(true, false, false, 50)]
    [InlineData(true, true, false, 70)]
    [InlineData(true, false, true, 54)]
    [InlineData(true, true, true, 74)]
    [InlineData(false, true, true, 0)]
    public void Overhead_KindAndUnderlay_IsTheDocumentedBytes(bool vxlan, bool ipv6, bool innerTag, int expected) =>
        Assert.Equal(expected, HostInterfaceMtu.Overhead(vxlan, ipv6, innerTag));

    [Theory]
    [InlineData(null, 1500, 0, 1500, null)]
    [InlineData(0, 1500, 0, 1500, null)]
    [InlineData(1500, 1500, 0, 1500, null)]
    [InlineData(1400, 1500, 0, 1400, null)]
    [InlineData(1501, 1500, 0, null, "MTU 1501 exceeds parent eth1 MTU 1500")]
    [InlineData(null, 1500, 50, 1450, null)]
    [InlineData(1450, 1500, 50, 1450, null)]
    [InlineData(1451, 1500, 50, null, "MTU 1451 exceeds parent eth1 MTU 1500 minus 50 bytes of VXLAN overhead (1450)")]
    [InlineData(null, 9000, 70, 8930, null)]
    [InlineData(1500, 1500, 70, null, "MTU 1500 exceeds parent eth1 MTU 1500 minus 70 bytes of VXLAN overhead (1430)")]
    [InlineData(null, 100, 50, null, "parent eth1 MTU 100 leaves 50 after 50 bytes of encapsulation, below 68")]
    public void Resolve_RequestedAndParent_BoundOrError(int? requested, int parentMtu, int overhead, int? mtu, string? error)
    {
        var resolved = HostInterfaceMtu.Resolve(requested, "eth1", parentMtu, overhead);

        Assert.Equal(mtu, resolved.Mtu);
        Assert.Equal(error, resolved.Error);
    }
}
