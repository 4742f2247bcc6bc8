using Multi.Core.Ipam;

namespace Multi.Core.Tests.Ipam;

public sealed class OwnerPodTests
{
    private static readonly IpAllocationOwner Owner = new("apps", "web-0", "uid-1", "c1", "net1", "node-a");

    [Theory]
    [InlineData("uid-1", null, null, IpAllocationOwnerState.Live)]
    [InlineData("uid-1", "Running", null, IpAllocationOwnerState.Live)]
    [InlineData("uid-1", "Succeeded", null, IpAllocationOwnerState.Terminal)]
    [InlineData("uid-1", "Failed", null, IpAllocationOwnerState.Terminal)]
    [InlineData("uid-2", "Running", null, IpAllocationOwnerState.Replaced)]
    [InlineData("mirror-uid", "Running", "uid-1", IpAllocationOwnerState.Live)]
    [InlineData("mirror-uid", "Running", "uid-9", IpAllocationOwnerState.Replaced)]
    [InlineData("mirror-uid", "Running", "", IpAllocationOwnerState.Replaced)]
    public void Judge_PodFound_ByUidPhaseAndMirror(string uid, string? phase, string? staticUid, IpAllocationOwnerState expected) =>
        Assert.Equal(expected, IpAllocationOwners.Judge(Owner, new OwnerPod(uid, phase, staticUid)));

    [Fact]
    public void Judge_NoPod_Gone() => Assert.Equal(IpAllocationOwnerState.Gone, IpAllocationOwners.Judge(Owner, null));

    [Theory]
    [InlineData("", "web-0", "uid-1")]
    [InlineData("apps", "", "uid-1")]
    [InlineData("apps", "web-0", "")]
    public void Judge_OwnerWithoutIdentity_UnidentifiedWhateverIsFound(string ns, string name, string uid)
    {
        var owner = Owner with { PodNamespace = ns, PodName = name, PodUid = uid };

        Assert.Equal(IpAllocationOwnerState.Unidentified, IpAllocationOwners.Judge(owner, null));
        Assert.Equal(IpAllocationOwnerState.Unidentified, IpAllocationOwners.Judge(owner, new OwnerPod("uid-2", "Failed")));
        Assert.False(IpAllocationOwners.IsReclaimable(IpAllocationOwners.Judge(owner, null)));
    }
}
