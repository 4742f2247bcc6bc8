using System.Text;
using System.Text.Json.Nodes;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Config;
using Multi.Core.Nad;
using Xunit;

namespace Multi.Core.Tests.Cni;

/// <summary>The documented input limits (README, "Errors"), each checked where the input enters and named in the error.</summary>
public sealed class InputLimitsTests
{
    private const string Config = """{"cniVersion":"1.0.0","name":"n","delegates":[{"type":"bridge"}]}""";

    public static TheoryData<string, string?> Paths => new()
    {
        { "/var/lib/cni/multi", null },
        { "relative/dir", null },
        { "/" + new string('a', 255), null },
        { "/" + new string('a', 256), "a component of it is 256 bytes long; the limit is 255 bytes" },
        { string.Concat(Enumerable.Repeat("/abc", 256)), null },
        { string.Concat(Enumerable.Repeat("/abc", 257)), "it is 1028 bytes long; the limit is 1024 bytes" },
        { "/a\0b", "it contains a NUL character" },
        { "/a\uD83D\uDE00", null },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void PathError_Table_NamesTheViolatedLimit(string path, string? expected) =>
        Assert.Equal(expected, InputLimits.PathError(path));

    public static TheoryData<string, string, string?, string?, string?, uint, string> Environments => new()
    {
        { "container ID at the limit", new string('c', 200), null, null, null, 0, "" },
        { "container ID over the limit", new string('c', 201), null, null, null, 4, "CNI_CONTAINERID" },
        { "netns with NUL", "c1", "/var/run/netns/a\0", null, null, 4, "CNI_NETNS" },
        { "netns too long", "c1", "/" + new string('n', 300), null, null, 4, "CNI_NETNS" },
        { "ifname with NUL", "c1", null, "et\0h", null, 4, "CNI_IFNAME" },
        { "CNI_ARGS with NUL", "c1", null, null, "K=\0", 4, "CNI_ARGS" },
        { "CNI_ARGS too long", "c1", null, null, "K=" + new string('v', 20_000), 4, "CNI_ARGS" },
    };

    [Theory]
    [MemberData(nameof(Environments))]
    public void Parse_HostileEnvironment_FailsWith4NamingTheVariable(string why, string id, string? netns, string? ifName, string? args, uint code, string mentions)
    {
        var env = new CniEnvironment("ADD", id, netns ?? "/var/run/netns/p", ifName ?? "eth0", args, "/opt/cni/bin");

        var parsed = CniRequestParser.Parse(env, Encoding.UTF8.GetBytes(Config));

        Assert.False(string.IsNullOrEmpty(why));
        if (code == 0)
        {
            Assert.True(parsed.IsOk, parsed.Error?.ToString());
            return;
        }

        Assert.Equal(code, parsed.Error!.Code);
        Assert.Contains(mentions, parsed.Error!.Msg, StringComparison.Ordinal);
        Assert.True(parsed.Error!.Msg.Length < 400, parsed.Error!.Msg);
    }

    // Facts, not theory rows: xunit's serialisation of theory data would replace a lone surrogate.
    [Fact]
    public void PathError_LoneSurrogate_NamesInvalidUnicode() =>
        Assert.Equal("it is not valid Unicode (a lone surrogate)", InputLimits.PathError("/a\uD800"));

    [Fact]
    public void Parse_InterfaceNameWithALoneSurrogate_FailsWith4()
    {
        var parsed = CniRequestParser.Parse(new CniEnvironment("ADD", "c1", "/p", "e\uDC00", null, null), Encoding.UTF8.GetBytes(Config));

        Assert.Equal(4u, parsed.Error!.Code);
        Assert.Contains("CNI_IFNAME", parsed.Error!.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    public void Parse_HostileCniPath_FailsWith4(int length)
    {
        var path = "/opt/cni/bin:/" + (length == 0 ? "a\0b" : new string('p', length));

        var parsed = CniRequestParser.Parse(new CniEnvironment("ADD", "c1", "/p", "eth0", null, path), Encoding.UTF8.GetBytes(Config));

        Assert.Equal(4u, parsed.Error!.Code);
        Assert.Contains("CNI_PATH", parsed.Error!.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StdinOverTheLimit_FailsWith7NamingTheLimit()
    {
        var stdin = Encoding.UTF8.GetBytes(Config[..^1] + ",\"pad\":\"" + new string(' ', InputLimits.MaxDocumentBytes) + "\"}");

        var parsed = CniRequestParser.Parse(new CniEnvironment("ADD", "c1", "/p", "eth0", null, null), stdin);

        Assert.Equal(7u, parsed.Error!.Code);
        Assert.Contains("1048576 bytes", parsed.Error!.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NetworkNameOverTheLimit_FailsWith7()
    {
        var stdin = Encoding.UTF8.GetBytes(Config.Replace("\"name\":\"n\"", $"\"name\":\"{new string('n', 201)}\"", StringComparison.Ordinal));

        var parsed = CniRequestParser.Parse(new CniEnvironment("ADD", "c1", "/p", "eth0", null, null), stdin);

        Assert.Equal(7u, parsed.Error!.Code);
        Assert.Contains("limit is 200 bytes", parsed.Error!.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cniDir")]
    [InlineData("confDir")]
    [InlineData("binDir")]
    [InlineData("logFile")]
    [InlineData("kubeconfig")]
    [InlineData("readinessindicatorfile")]
    [InlineData("multusCniDir")]
    [InlineData("clusterNetwork")]
    public void MetaPluginConfig_PathKeyWithNul_FailsWith7NamingTheKey(string key)
    {
        var raw = (JsonObject)JsonNode.Parse(Config)!;
        raw[key] = "/x\0y";

        var parsed = MetaPluginConfigParser.Parse(raw, "1.0.0");

        Assert.Equal(7u, parsed.Error!.Code);
        Assert.Contains($"\"{key}\"", parsed.Error!.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void MetaPluginConfig_TooManyDelegates_FailsWith7NamingTheLimit()
    {
        var raw = (JsonObject)JsonNode.Parse(Config)!;
        raw["delegates"] = new JsonArray(Enumerable.Range(0, 129).Select(_ => (JsonNode)new JsonObject { ["type"] = "bridge" }).ToArray());

        var parsed = MetaPluginConfigParser.Parse(raw, "1.0.0");

        Assert.Equal(7u, parsed.Error!.Code);
        Assert.Contains("limit is 128", parsed.Error!.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(262_145, "the limit is 262144 bytes")]
    [InlineData(0, "the limit is 128")]
    public void NetworkSelection_OversizedAnnotation_FailsWith103(int length, string mentions)
    {
        var annotation = length > 0 ? new string('a', length) : string.Join(',', Enumerable.Repeat("a", 129));

        var parsed = NetworkSelectionParser.Parse(annotation, "default");

        Assert.Equal(103u, parsed.Error!.Code);
        Assert.Contains(mentions, parsed.Error!.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void NetworkSelection_LabelOver63Characters_FailsWith103()
    {
        var parsed = NetworkSelectionParser.Parse(new string('a', 64), "default");

        Assert.Equal(103u, parsed.Error!.Code);
    }

    [Fact]
    public void NadConfig_LoneSurrogate_FailsWith104NamingTheNad()
    {
        var parsed = NadConfigResolver.FromSpec(new NetworkAttachmentDefinition("default", "bad", "{\"type\":\"x\uD800\"}"), "1.0.0");

        Assert.Equal(104u, parsed.Error!.Code);
        Assert.Contains("default/bad", parsed.Error!.Msg, StringComparison.Ordinal);
        Assert.Contains("Unicode", parsed.Error!.Msg, StringComparison.Ordinal);
    }
}
