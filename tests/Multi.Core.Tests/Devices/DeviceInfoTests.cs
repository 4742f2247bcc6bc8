using System.Text;
using Multi.Core.Devices;
using Xunit;

namespace Multi.Core.Tests.Devices;

public sealed class DeviceInfoTests
{
    public static TheoryData<string, string> Valid => new()
    {
        {
            """{"version":"1.1.0","pci":{"representor-device":"eth5","pci-address":"0000:03:02.0","extra":"x"},"type":"pci","other":1}""",
            """{"type":"pci","version":"1.1.0","pci":{"pci-address":"0000:03:02.0","representor-device":"eth5"}}"""
        },
        {
            """{"type":"vdpa","version":"1.1.0","vdpa":{"parent-device":"vdpa:0000:65:00.3","driver":"vhost","path":"/dev/vhost-vdpa-1","pci-address":"0000:65:00.3"}}""",
            """{"type":"vdpa","version":"1.1.0","vdpa":{"parent-device":"vdpa:0000:65:00.3","driver":"vhost","path":"/dev/vhost-vdpa-1","pci-address":"0000:65:00.3"}}"""
        },
        { """{"type":"vhost-user","version":"1.0.0","vhost-user":{"mode":"server","path":"/var/run/vhost.sock"}}""", """{"type":"vhost-user","version":"1.0.0","vhost-user":{"mode":"server","path":"/var/run/vhost.sock"}}""" },
        { """{"type":"memif","version":"1.1.0","memif":{"role":"master","path":"/run/memif.sock","mode":"inject-punt"}}""", """{"type":"memif","version":"1.1.0","memif":{"role":"master","path":"/run/memif.sock","mode":"inject-punt"}}""" },
        { """{"type":"vhost-user","version":"1.1.0","vhost-user":{"mode":""}}""", """{"type":"vhost-user","version":"1.1.0"}""" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_ValidFile_KeepsKnownMembersInMultusOrder(string file, string expected)
    {
        var info = DeviceInfo.Parse(Encoding.UTF8.GetBytes(file), "/f");

        Assert.True(info.IsOk, info.Error?.ToString());
        Assert.Equal(expected, info.Value.ToJsonString());
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "", "device-info file /f is unusable: " },
        { "{", "device-info file /f is unusable: " },
        { "[]", "it is not a JSON object" },
        { """{"version":"1.1.0"}""", "\"type\" is missing; it must be pci, vdpa, vhost-user or memif" },
        { """{"type":"gpu","version":"1.1.0"}""", "\"type\" is \"gpu\"" },
        { """{"type":7,"version":"1.1.0"}""", "\"type\" must be a string" },
        { """{"type":"pci"}""", "\"version\" is missing" },
        { """{"type":"pci","version":""}""", "\"version\" is missing" },
        { """{"type":"pci","version":"1.1.0"}""", "a pci device needs \"pci\".\"pci-address\"" },
        { """{"type":"pci","version":"1.1.0","pci":"0000:03:02.0"}""", "\"pci\" must be an object" },
        { """{"type":"vdpa","version":"1.1.0","vdpa":{"driver":"mlx"}}""", "\"vdpa\".\"driver\" is \"mlx\"; it must be vhost or virtio" },
        { """{"type":"vhost-user","version":"1.1.0","vhost-user":{"mode":"both"}}""", "it must be client or server" },
        { """{"type":"memif","version":"1.1.0","memif":{"role":"leader"}}""", "it must be master or slave" },
        { """{"type":"memif","version":"1.1.0","memif":{"mode":"l3"}}""", "it must be ethernet or ip or inject-punt" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_InvalidFile_FailsNamingFileAndProblem(string file, string fragment)
    {
        var info = DeviceInfo.Parse(Encoding.UTF8.GetBytes(file), "/f");

        Assert.False(info.IsOk);
        Assert.Equal(101u, info.Error.Code);
        Assert.StartsWith("device-info file /f is unusable: ", info.Error.Msg, StringComparison.Ordinal);
        Assert.Contains(fragment, info.Error.Msg, StringComparison.Ordinal);
    }
}
