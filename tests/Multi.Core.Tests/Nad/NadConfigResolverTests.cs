using System.Text;
using Multi.Core.Cni;
using Multi.Core.Nad;
using Xunit;

namespace Multi.Core.Tests.Nad;

public sealed class NadConfigResolverTests
{
    private const string ConfDir = "/etc/cni/multus/net.d";

    [Theory]
    [InlineData("""{"cniVersion":"0.3.1","type":"macvlan","master":"eth1"}""", "macvlan-conf", "0.3.1", "macvlan")]
    [InlineData("""{"name":"","type":"macvlan"}""", "macvlan-conf", "1.0.0", "macvlan")]
    [InlineData("""{"name":"custom","type":"macvlan"}""", "custom", "1.0.0", "macvlan")]
    [InlineData("""{"cniVersion":"1.0.0","plugins":[{"type":"bridge"},{"type":"tuning"}]}""", "macvlan-conf", "1.0.0", "bridge,tuning")]
    public void FromSpec_Valid(string config, string name, string version, string types)
    {
        var list = NadConfigResolver.FromSpec(Nad(config), "1.0.0").Unwrap();

        Assert.Equal((name, version, types), (list.Name, list.CniVersion, list.Types));
    }

    [Theory]
    [InlineData("{\"type\":", "spec.config is not valid JSON")]
    [InlineData("""{"type":"a","type":"b"}""", "spec.config is not valid JSON")]
    [InlineData("""["a"]""", "spec.config must be a JSON object")]
    [InlineData("""{"\udf0a":1,"type":"x"}""", "spec.config is not valid JSON")]
    [InlineData("""{"name":"x"}""", "neither \"type\" nor \"plugins\"")]
    [InlineData("""{"plugins":[]}""", "\"plugins\" must be a non-empty array")]
    [InlineData("""{"plugins":[{"type":"bridge"},{"capabilities":{}}]}""", "plugins[1] has no \"type\"")]
    [InlineData("""{"plugins":[{"type":""}]}""", "plugins[0] has no \"type\"")]
    [InlineData("""{"name":5,"type":"x"}""", "\"name\" must be a string")]
    [InlineData("""{"type":"../x"}""", "must not contain '/'")]
    public void FromSpec_Invalid_Fails104NamingTheNad(string config, string reason)
    {
        var error = NadConfigResolver.FromSpec(Nad(config), "1.0.0").Error;

        Assert.NotNull(error);
        Assert.Equal(CniErrorCode.NadUnusable, error.Code);
        Assert.StartsWith("network-attachment-definition ns1/macvlan-conf: ", error.Msg, StringComparison.Ordinal);
        Assert.Contains(reason, error.Msg + error.Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void FromSpec_EmptyConfig_PointsToConfDir(string? config)
    {
        Assert.True(Nad(config).UsesConfDir);
        Assert.Equal(CniErrorCode.NadUnusable, NadConfigResolver.FromSpec(Nad(config), "1.0.0").Error?.Code);
    }

    // Files: "name:content" separated by '|'.
    [Theory]
    [InlineData("""10-a.conf:{"name":"macvlan-conf","type":"first"}|20-b.conflist:{"name":"macvlan-conf","plugins":[{"type":"second"}]}""", "first")]
    [InlineData("""20-b.conflist:{"name":"macvlan-conf","plugins":[{"type":"second"}]}|10-a.conf:{"name":"macvlan-conf","type":"first"}""", "first")]
    [InlineData("""10-a.conf:{"name":"other","type":"first"}|20-b.json:{"name":"macvlan-conf","type":"json"}""", "json")]
    [InlineData("""00-bad.conf:not json|10-x.txt:{"name":"macvlan-conf","type":"txt"}|20-b.conflist:{"name":"macvlan-conf","plugins":[{"type":"p1"},{"type":"p2"}]}""", "p1,p2")]
    [InlineData("""A.conf:{"name":"macvlan-conf","type":"upper"}|a.conf:{"name":"macvlan-conf","type":"lower"}""", "upper")]
    public void FromConfDir_FirstMatchInLexicalOrder(string files, string types)
    {
        var list = NadConfigResolver.FromConfDir(Nad(null), Files(files), ConfDir, "1.0.0").Unwrap();

        Assert.Equal(("macvlan-conf", types), (list.Name, list.Types));
    }

    [Theory]
    [InlineData("", "holds no .conf, .json or .conflist file", null)]
    [InlineData("readme.txt:{}", "holds no .conf, .json or .conflist file", null)]
    [InlineData("""10-a.conf:{"name":"other","type":"x"}""", "no file in confDir /etc/cni/multus/net.d has the name \"macvlan-conf\"", null)]
    [InlineData("""05-bad.conf:{|10-a.conf:{"name":"other","type":"x"}""", "has the name \"macvlan-conf\"", "skipped: 05-bad.conf")]
    [InlineData("""10-a.conf:{"name":"macvlan-conf","plugins":[{"type":"x"}]}""", "10-a.conf has no \"type\"", null)]
    [InlineData("""10-a.conflist:{"name":"macvlan-conf","type":"x"}""", "neither \"type\" nor \"plugins\"", null)]
    [InlineData("""10-a.conflist:{"name":"macvlan-conf","plugins":[{"type":"x"},{}]}""", "plugins[1] has no \"type\"", null)]
    public void FromConfDir_Invalid_Fails104(string files, string reason, string? details)
    {
        var error = NadConfigResolver.FromConfDir(Nad(null), Files(files), ConfDir, "1.0.0").Error;

        Assert.NotNull(error);
        Assert.Equal(CniErrorCode.NadUnusable, error.Code);
        Assert.StartsWith("network-attachment-definition ns1/macvlan-conf: ", error.Msg, StringComparison.Ordinal);
        Assert.Contains(reason, error.Msg, StringComparison.Ordinal);
        if (details is not null)
        {
            Assert.StartsWith(details, error.Details, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FromConfDir_EmptyDirectoryAndNoMatch_AreDistinctErrors()
    {
        var empty = NadConfigResolver.FromConfDir(Nad(null), [], ConfDir, "1.0.0").Error!;
        var noMatch = NadConfigResolver.FromConfDir(Nad(null), Files("""a.conf:{"name":"x","type":"y"}"""), ConfDir, "1.0.0").Error!;

        Assert.NotEqual(empty.Msg, noMatch.Msg);
    }

    private static NetworkAttachmentDefinition Nad(string? config) => new("ns1", "macvlan-conf", config, null);

    private static IEnumerable<ConfDirFile> Files(string spec) =>
        spec.Split('|', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split(':', 2))
            .Select(p => new ConfDirFile(p[0], Encoding.UTF8.GetBytes(p[1])));
}
