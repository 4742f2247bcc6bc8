using System.Collections.Immutable;
using Multi.Core.Devices;
using Xunit;

namespace Multi.Core.Tests.Devices;

public sealed class DeviceAssignerTests
{
    private const string Sriov = "intel.com/sriov";

    private static readonly ResourceDevices TwoVfs = ResourceDevices.Collect([(Sriov, ["0000:03:02.0"]), (Sriov, ["0000:03:02.1"]), ("nvidia.com/rdma", ["r0"])], "PodResources");

    private static DeviceRequest Request(int position, string? resource, string? own = null) => new(position, $"network default/n{position} (net{position})", resource, own);

    private static ImmutableDictionary<string, long> Requests(params (string Name, long Count)[] r) => r.ToImmutableDictionary(p => p.Name, p => p.Count);

    [Fact]
    public void Assign_TwoAttachmentsOfOneResource_GetDifferentDevicesInOrder()
    {
        var assigned = DeviceAssigner.Assign([Request(0, null), Request(1, Sriov), Request(2, "nvidia.com/rdma"), Request(3, Sriov)], TwoVfs, null, Requests((Sriov, 2)), "default/p").Unwrap();

        Assert.Null(assigned[0]);
        Assert.Equal(new DeviceAssignment("0000:03:02.0", Sriov, true), assigned[1]);
        Assert.Equal(new DeviceAssignment("r0", "nvidia.com/rdma", true), assigned[2]);
        Assert.Equal(new DeviceAssignment("0000:03:02.1", Sriov, true), assigned[3]);
    }

    [Fact]
    public void Assign_ElementDeviceIdInTheAllocation_PicksThatDeviceAndOthersTakeTheRest()
    {
        var assigned = DeviceAssigner.Assign([Request(1, Sriov), Request(2, Sriov, "0000:03:02.0"), Request(3, null, "own-d")], TwoVfs, null, Requests((Sriov, 2)), "default/p").Unwrap();

        Assert.Equal(["0000:03:02.1", "0000:03:02.0", "own-d"], assigned.Select(a => a!.DeviceId));
        Assert.Equal([true, true, false], assigned.Select(a => a!.Allocated));
        Assert.Null(assigned[2]!.ResourceName);
    }

    [Fact]
    public void Assign_ElementDeviceIdOutsideTheAllocation_Fails110NeverPassedOn()
    {
        var assigned = DeviceAssigner.Assign([Request(1, Sriov, "0000:99:00.0")], TwoVfs, null, Requests((Sriov, 2)), "default/p");

        Assert.False(assigned.IsOk);
        Assert.Equal(110u, assigned.Error.Code);
        Assert.Equal(
            "pod default/p: network default/n1 (net1): the annotation element's deviceID \"0000:99:00.0\" is not one of the pod's allocated intel.com/sriov devices (0000:03:02.0, 0000:03:02.1): a device outside the pod's allocation is never passed on",
            assigned.Error.Msg);
    }

    [Fact]
    public void Assign_TwoElementsNamingOneDevice_Fails110()
    {
        var assigned = DeviceAssigner.Assign([Request(1, Sriov, "0000:03:02.1"), Request(2, Sriov, "0000:03:02.1")], TwoVfs, null, Requests((Sriov, 2)), "default/p");

        Assert.False(assigned.IsOk);
        Assert.Contains("is already taken by network default/n1 (net1): two attachments never share a device", assigned.Error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Assign_NoResourceNames_NeedsNoDevices()
    {
        var assigned = DeviceAssigner.Assign([Request(0, null), Request(1, null)], null, "socket absent", Requests(), "default/p").Unwrap();

        Assert.All(assigned, Assert.Null);
    }

    public static TheoryData<string, long, string?, uint, string> Missing => new()
    {
        // resource, units requested, devices reported (null: no source answered), code, message fragment
        { "not requested, none reported", 0, "", 110u, "but the pod does not request intel.com/mlx" },
        { "not requested, no source answered", 0, null, 110u, "but the pod does not request intel.com/mlx" },
        { "requested, kubelet reports none yet", 1, "", 11u, "the pod requests 1 but the kubelet reports no intel.com/mlx device for it yet" },
        { "requested, no source answered", 2, null, 11u, "the pod requests 2 but the kubelet reports no intel.com/mlx device for it yet" },
        { "requested one, two attachments", 1, "m0", 110u, "the pod requests 1 and all 1 allocated intel.com/mlx devices are taken by earlier attachments" },
    };

    [Theory]
    [MemberData(nameof(Missing))]
    public void Assign_NoDeviceLeft_FailsNamingNetworkResourceAndRequest(string why, long requested, string? reported, uint code, string fragment)
    {
        var devices = reported is null ? null : ResourceDevices.Collect(reported.Length == 0 ? [] : [("intel.com/mlx", [reported])], "PodResources");
        var requests = requested > 0 ? Requests(("intel.com/mlx", requested)) : Requests();

        var assigned = DeviceAssigner.Assign([Request(1, "intel.com/mlx"), Request(2, "intel.com/mlx")], devices, reported is null ? "socket absent; checkpoint absent" : null, requests, "default/p");

        Assert.False(assigned.IsOk, why);
        Assert.Equal(code, assigned.Error.Code);
        Assert.StartsWith("pod default/p: network default/n", assigned.Error.Msg, StringComparison.Ordinal);
        Assert.Contains("needs a device of resource intel.com/mlx", assigned.Error.Msg, StringComparison.Ordinal);
        Assert.Contains(fragment, assigned.Error.Msg, StringComparison.Ordinal);
        Assert.Contains(reported is null ? "no device source could be read: socket absent; checkpoint absent" : "devices read from PodResources", assigned.Error.Details, StringComparison.Ordinal);
    }
}
