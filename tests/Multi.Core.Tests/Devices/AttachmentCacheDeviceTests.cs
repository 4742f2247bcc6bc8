using Multi.Core.State;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Devices;

public sealed class AttachmentCacheDeviceTests
{
    [Fact]
    public void Decode_OfEncode_KeepsDeviceResourceAndDeviceInfoFile()
    {
        var entry = SampleEntries.For("c1", ("eth0", "cluster", AttachmentState.Added), ("net1", "sriov", AttachmentState.Pending));
        entry = entry.With(entry.Attachments[1] with { DeviceId = "0000:03:02.0", ResourceName = "intel.com/sriov", DeviceInfoFile = "/d/cni/ns-sriov-c1_net1" });

        var decoded = AttachmentCacheCodec.Decode(AttachmentCacheCodec.Encode(entry)).Unwrap();

        Assert.Equal(("0000:03:02.0", "intel.com/sriov", "/d/cni/ns-sriov-c1_net1"), (decoded.Attachments[1].DeviceId, decoded.Attachments[1].ResourceName, decoded.Attachments[1].DeviceInfoFile));
        Assert.Equal((null, null, null), (decoded.Attachments[0].DeviceId, decoded.Attachments[0].ResourceName, decoded.Attachments[0].DeviceInfoFile));
    }

    [Fact]
    public void Decode_EntryWrittenBeforeDevices_ReadsWithoutDevices()
    {
        // An attachment as the codec wrote it before device keys existed: no deviceId, resourceName or deviceInfoFile.
        var entry = SampleEntries.For("c1", ("eth0", "cluster", AttachmentState.Added));
        var text = System.Text.Encoding.UTF8.GetString(AttachmentCacheCodec.Encode(entry));

        Assert.DoesNotContain("deviceId", text, StringComparison.Ordinal);
        var decoded = AttachmentCacheCodec.Decode(System.Text.Encoding.UTF8.GetBytes(text)).Unwrap();
        Assert.Null(decoded.Attachments[0].DeviceId);
    }
}
