using Multi.Core.Ipam;

namespace Multi.Core.Tests.Ipam;

/// <summary>The one rule for whether a claim's owner is gone: by pod UID and phase, never by namespace and name alone.</summary>
public sealed class IpAllocationOwnersTests
{
    private static readonly IpAllocationOwner Owner = new("apps", "web-0", "uid-1", "c1", "net1", "node-a");

    [Theory]
    [InlineData(null, null, IpAllocationOwnerState.Gone)]
    [InlineData("uid-1", "Running", IpAllocationOwnerState.Live)]
    [InlineData("uid-1", "Pending", IpAllocationOwnerState.Live)]
    [InlineData("uid-1", null, IpAllocationOwnerState.Live)]
    [InlineData("uid-1", "Unknown", IpAllocationOwnerState.Live)]
    [InlineData("uid-1", "Succeeded", IpAllocationOwnerState.Terminal)]
    [InlineData("uid-1", "Failed", IpAllocationOwnerState.Terminal)]
    [InlineData("uid-2", "Running", IpAllocationOwnerState.Replaced)]
    [InlineData("uid-2", "Failed", IpAllocationOwnerState.Replaced)]
    [InlineData("UID-1", "Running", IpAllocationOwnerState.Replaced)]
    [InlineData("", "Running", IpAllocationOwnerState.Replaced)]
    public void Judge_ThePodFoundUnderTheOwnersName_DecidesByUidThenPhase(string? uid, string? phase, IpAllocationOwnerState expected)
    {
        var pod = uid is null ? null : new OwnerPod(uid, phase);

        Assert.Equal(expected, IpAllocationOwners.Judge(Owner, pod));
    }

    [Theory]
    [InlineData("", "web-0", "uid-1")]
    [InlineData("apps", "", "uid-1")]
    [InlineData("apps", "web-0", "")]
    [InlineData("", "", "")]
    public void Judge_AnOwnerWithoutPodNamespaceNameOrUid_IsUnidentified_WhateverPodExists(string ns, string name, string uid)
    {
        var owner = Owner with { PodNamespace = ns, PodName = name, PodUid = uid };

        Assert.Equal(IpAllocationOwnerState.Unidentified, IpAllocationOwners.Judge(owner, null));
        Assert.Equal(IpAllocationOwnerState.Unidentified, IpAllocationOwners.Judge(owner, new OwnerPod(uid, "Failed")));
        Assert.Equal(IpAllocationOwnerState.Unidentified, IpAllocationOwners.Judge(owner, new OwnerPod("other", "Running")));
    }

    [Theory]
    [InlineData(IpAllocationOwnerState.Live, false)]
    [InlineData(IpAllocationOwnerState.Unidentified, false)]
    [InlineData(IpAllocationOwnerState.Gone, true)]
    [InlineData(IpAllocationOwnerState.Replaced, true)]
    [InlineData(IpAllocationOwnerState.Terminal, true)]
    public void IsReclaimable_OnlyAnOwnerProvablyGone(IpAllocationOwnerState state, bool expected)
    {
        Assert.Equal(expected, IpAllocationOwners.IsReclaimable(state));
    }

    [Fact]
    public void Reason_IsOneStableLabelPerState()
    {
        var reasons = Enum.GetValues<IpAllocationOwnerState>().Select(IpAllocationOwners.Reason).ToList();

        Assert.Equal(["pod-live", "pod-deleted", "pod-replaced", "pod-terminal", "owner-unidentified"], reasons);
    }

    [Theory]
    [InlineData(null, null, "owner pod apps/web-0 (UID uid-1) is gone")]
    [InlineData("uid-1", "Running", "owner pod apps/web-0 is live")]
    [InlineData("uid-1", "Failed", "owner pod apps/web-0 has finished (Failed)")]
    [InlineData("uid-2", "Running", "owner pod apps/web-0 was re-created with another UID (uid-2; the claim has uid-1)")]
    public void Describe_NamesTheOwnerAndWhatBecameOfIt(string? uid, string? phase, string expected)
    {
        var pod = uid is null ? null : new OwnerPod(uid, phase);

        Assert.Equal(expected, IpAllocationOwners.Describe(IpAllocationOwners.Judge(Owner, pod), Owner, pod));
    }

    [Fact]
    public void Describe_Unidentified_SaysTheOwnerCannotBeIdentified()
    {
        var owner = Owner with { PodUid = "" };

        var text = IpAllocationOwners.Describe(IpAllocationOwners.Judge(owner, null), owner, null);

        Assert.Equal("owner cannot be identified: the claim lacks a pod UID, namespace or name (pod \"apps/web-0\", UID \"\")", text);
    }
}
