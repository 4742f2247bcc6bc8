using System.Text;
using Multi.Core.Devices;
using Xunit;

namespace Multi.Core.Tests.Devices;

public sealed class DeviceCheckpointTests
{
    private const string Uid = "pod-uid-1";

    private static string File(string entries) => $$$"""{"Data":{"PodDeviceEntries":[{{{entries}}}],"RegisteredDevices":{"intel.com/sriov":["a","b"]}},"Checksum":1234}""";

    private static string Entry(string uid, string container, string resource, string ids) =>
        $$$"""{"PodUID":"{{{uid}}}","ContainerName":"{{{container}}}","ResourceName":"{{{resource}}}","DeviceIDs":{{{ids}}},"AllocResp":"CgA="}""";

    public static TheoryData<string, string, string> Readable => new()
    {
        { "flat list (kubelets before 1.20)", File(Entry(Uid, "app", "intel.com/sriov", """["0000:03:02.0","0000:03:02.1"]""")), "intel.com/sriov=0000:03:02.0,0000:03:02.1" },
        { "per-NUMA map without topology", File(Entry(Uid, "app", "intel.com/sriov", """{"-1":["0000:03:02.0"]}""")), "intel.com/sriov=0000:03:02.0" },
        { "per-NUMA map, nodes in ascending order", File(Entry(Uid, "app", "intel.com/sriov", """{"1":["n1"],"0":["n0a","n0b"]}""")), "intel.com/sriov=n0a,n0b,n1" },
        { "containers in file order", File(Entry(Uid, "a", "r.io/x", """["1"]""") + "," + Entry(Uid, "b", "r.io/x", """{"0":["2"]}""")), "r.io/x=1,2" },
        { "other pods left out", File(Entry("other", "a", "r.io/x", """["9"]""") + "," + Entry(Uid, "a", "r.io/y", """["1"]""")), "r.io/y=1" },
        { "no devices for the pod", File(Entry("other", "a", "r.io/x", """["9"]""")), "" },
        { "empty entry list", File(string.Empty), "" },
        { "no entry list at all", """{"Data":{},"Checksum":0}""", "" },
        { "null DeviceIDs", File(Entry(Uid, "a", "r.io/x", "null")), "" },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void Parse_ReadableCheckpoint_GivesThePodsDevicesInOrder(string why, string json, string expected)
    {
        var entries = DeviceCheckpoint.Parse(Encoding.UTF8.GetBytes(json));

        Assert.True(entries.IsOk, $"{why}: {entries.Error}");
        var devices = DeviceCheckpoint.ForPod(entries.Value, Uid, "checkpoint");
        Assert.Equal(expected, string.Join(";", devices.ByResource.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={string.Join(',', p.Value)}")));
    }

    public static TheoryData<string, string, string> Corrupted => new()
    {
        { "empty file", "", "" },
        { "truncated", """{"Data":{"PodDeviceEntries":[{"PodUID":"x",""", "" },
        { "not an object", """[1,2]""", "not a JSON object" },
        { "no Data", """{"Checksum":1}""", "\"Data\" is missing" },
        { "Data not an object", """{"Data":[]}""", "\"Data\" is missing or not an object" },
        { "entries not a list", """{"Data":{"PodDeviceEntries":{}}}""", "is not an array" },
        { "entry not an object", """{"Data":{"PodDeviceEntries":[7]}}""", "PodDeviceEntries[0]\" is not an object" },
        { "no PodUID", File("""{"ResourceName":"r.io/x","DeviceIDs":["1"]}"""), "PodUID is missing" },
        { "empty ResourceName", File(Entry(Uid, "a", "", """["1"]""")), "ResourceName is missing or empty" },
        { "DeviceIDs a string", File(Entry(Uid, "a", "r.io/x", "\"0000:03:02.0\"")), "neither a list nor a map" },
        { "NUMA key not a number", File(Entry(Uid, "a", "r.io/x", """{"zero":["1"]}""")), "not a NUMA node number" },
        { "NUMA value not a list", File(Entry(Uid, "a", "r.io/x", """{"0":"1"}""")), "is not an array" },
        { "device ID not a string", File(Entry(Uid, "a", "r.io/x", """["1",2]""")), "DeviceIDs[1] is not a string" },
        { "duplicate key", """{"Data":{},"Data":{}}""", "" },
    };

    [Theory]
    [MemberData(nameof(Corrupted))]
    public void Parse_CorruptedCheckpoint_FailsNamingTheProblem(string why, string json, string fragment)
    {
        var entries = DeviceCheckpoint.Parse(Encoding.UTF8.GetBytes(json));

        Assert.False(entries.IsOk, why);
        Assert.Equal(5u, entries.Error.Code);
        Assert.StartsWith("the kubelet device checkpoint is unusable: ", entries.Error.Msg, StringComparison.Ordinal);
        Assert.Contains(fragment, entries.Error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8_Fails()
    {
        Assert.False(DeviceCheckpoint.Parse([(byte)'{', 0xff, (byte)'}']).IsOk);
    }
}
