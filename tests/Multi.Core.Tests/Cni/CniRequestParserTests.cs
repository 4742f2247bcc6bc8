using Multi.Core.Cni;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Cni;

public sealed class CniRequestParserTests
{
    private const string ValidConfig = """{"cniVersion":"1.1.0","name":"net"}""";

    /// <summary>
    /// (command, containerId, netns, ifname, path, stdin, code, fragments the message must contain separated by '|').
    /// Rows follow the validation order of cni-protocol.md, section 2: each row is valid up to the step it breaks.
    /// </summary>
    public static TheoryData<string?, string?, string?, string?, string?, string, uint, string> Failures => new()
    {
        // 1. CNI_COMMAND unset or empty decides before anything else.
        { null, null, null, null, null, "garbage", 4, "CNI_COMMAND" },
        { "", "c1", "/ns", "eth0", "/bin", ValidConfig, 4, "CNI_COMMAND" },
        // 2. All missing variables in one error, in the order COMMAND, CONTAINERID, NETNS, IFNAME, PATH.
        { "ADD", null, null, null, null, ValidConfig, 4, "CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME" },
        { "ADD", "", "", "", "", ValidConfig, 4, "CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME" },
        { "ADD", "c1", null, "eth0", null, ValidConfig, 4, "CNI_NETNS" },
        { "CHECK", null, null, null, "/bin", ValidConfig, 4, "CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME" },
        { "CHECK", "c1", "/ns", null, "/bin", ValidConfig, 4, "CNI_IFNAME" },
        { "DEL", null, null, null, null, ValidConfig, 4, "CNI_CONTAINERID, CNI_IFNAME" },
        { "DEL", "c1", "/ns", null, null, ValidConfig, 4, "CNI_IFNAME" },
        { "GC", null, null, null, null, ValidConfig, 4, "CNI_PATH" },
        { "GC", "c1", "/ns", "eth0", "", ValidConfig, 4, "CNI_PATH" },
        // Missing variables win over an invalid container ID or interface name.
        { "ADD", "-bad", null, "..", null, ValidConfig, 4, "CNI_NETNS" },
        // 3. Container-ID grammar, for every verb that got one.
        { "ADD", "-abc", "/ns", "eth0", null, ValidConfig, 4, "CNI_CONTAINERID|-abc" },
        { "ADD", "_abc", "/ns", "eth0", null, ValidConfig, 4, "CNI_CONTAINERID|_abc" },
        { "ADD", ".abc", "/ns", "eth0", null, ValidConfig, 4, "CNI_CONTAINERID|.abc" },
        { "ADD", "ab c", "/ns", "eth0", null, ValidConfig, 4, "CNI_CONTAINERID|ab c" },
        { "ADD", "ab/c", "/ns", "eth0", null, ValidConfig, 4, "CNI_CONTAINERID|ab/c" },
        { "ADD", "ab:c", "/ns", "eth0", null, ValidConfig, 4, "CNI_CONTAINERID|ab:c" },
        { "ADD", "abç", "/ns", "eth0", null, ValidConfig, 4, "CNI_CONTAINERID|abç" },
        { "DEL", "a@b", null, "eth0", null, ValidConfig, 4, "CNI_CONTAINERID|a@b" },
        { "VERSION", "-abc", null, null, null, "", 4, "CNI_CONTAINERID" },
        { "ADD", "-abc", "/ns", "/", null, ValidConfig, 4, "CNI_CONTAINERID" },
        // 4. Interface-name rules.
        { "ADD", "c1", "/ns", "abcdefghijklmnop", null, ValidConfig, 4, "CNI_IFNAME|abcdefghijklmnop" },
        { "ADD", "c1", "/ns", "ééééééééé", null, ValidConfig, 4, "CNI_IFNAME|ééééééééé" },
        { "ADD", "c1", "/ns", ".", null, ValidConfig, 4, "CNI_IFNAME" },
        { "ADD", "c1", "/ns", "..", null, ValidConfig, 4, "CNI_IFNAME" },
        { "ADD", "c1", "/ns", "a/b", null, ValidConfig, 4, "CNI_IFNAME|a/b" },
        { "ADD", "c1", "/ns", "a:b", null, ValidConfig, 4, "CNI_IFNAME|a:b" },
        { "ADD", "c1", "/ns", "a b", null, ValidConfig, 4, "CNI_IFNAME" },
        { "ADD", "c1", "/ns", "a\tb", null, ValidConfig, 4, "CNI_IFNAME" },
        { "ADD", "c1", "/ns", "a\u00a0b", null, ValidConfig, 4, "CNI_IFNAME" },
        { "DEL", "c1", null, "eth0:1", null, ValidConfig, 4, "CNI_IFNAME" },
        { "ADD", "c1", "/ns", ".", null, "garbage", 4, "CNI_IFNAME" },
        // 6. stdin must be a JSON object.
        { "ADD", "c1", "/ns", "eth0", null, "garbage", 6, "JSON" },
        { "ADD", "c1", "/ns", "eth0", null, "", 6, "JSON" },
        { "ADD", "c1", "/ns", "eth0", null, "{\"name\":", 6, "JSON" },
        { "ADD", "c1", "/ns", "eth0", null, "[]", 6, "object" },
        { "ADD", "c1", "/ns", "eth0", null, "\"net\"", 6, "object" },
        { "ADD", "c1", "/ns", "eth0", null, "null", 6, "object" },
        { "ADD", "c1", "/ns", "eth0", null, "42", 6, "object" },
        { "ADD", "c1", "/ns", "eth0", null, """{"name":"a","name":"b"}""", 6, "JSON" },
        { "STATUS", null, null, null, null, "{", 6, "JSON" },
        // ... then name present and following the container-ID grammar.
        { "ADD", "c1", "/ns", "eth0", null, """{"cniVersion":"1.1.0"}""", 7, "name" },
        { "ADD", "c1", "/ns", "eth0", null, """{"cniVersion":"1.1.0","name":""}""", 7, "name" },
        { "ADD", "c1", "/ns", "eth0", null, """{"cniVersion":"1.1.0","name":null}""", 7, "name" },
        { "ADD", "c1", "/ns", "eth0", null, """{"cniVersion":"1.1.0","name":5}""", 7, "name" },
        { "ADD", "c1", "/ns", "eth0", null, """{"cniVersion":"1.1.0","name":"-net"}""", 7, "-net" },
        { "ADD", "c1", "/ns", "eth0", null, """{"cniVersion":"1.1.0","name":"my net"}""", 7, "my net" },
        { "DEL", "c1", null, "eth0", null, """{"cniVersion":"9.9.9","name":"n/a"}""", 7, "n/a" },
        { "ADD", "c1", "/ns", "eth0", null, """{"cniVersion":1.1,"name":"net"}""", 6, "cniVersion" },
        // 7. Unknown command, only once stdin is valid.
        { "FOO", null, null, null, null, ValidConfig, 4, "FOO" },
        { "add", "c1", "/ns", "eth0", null, ValidConfig, 4, "add" },
        { "Add", "c1", "/ns", "eth0", null, ValidConfig, 4, "Add" },
        { "FOO", null, null, null, null, """{"cniVersion":"9.9.9","name":"net"}""", 4, "FOO" },
        { "FOO", null, null, null, null, "garbage", 6, "JSON" },
        { "add", null, null, null, null, """{"cniVersion":"1.1.0"}""", 7, "name" },
        // 8. Version support, then the verb gates.
        { "ADD", "c1", "/ns", "eth0", null, """{"cniVersion":"0.5.0","name":"net"}""", 1, "0.5.0" },
        { "ADD", "c1", "/ns", "eth0", null, """{"cniVersion":"1.2.0","name":"net"}""", 1, "1.2.0" },
        { "DEL", "c1", null, "eth0", null, """{"cniVersion":"banana","name":"net"}""", 1, "banana" },
        { "CHECK", "c1", "/ns", "eth0", null, """{"cniVersion":"0.3.1","name":"net"}""", 1, "does not allow CHECK" },
        { "CHECK", "c1", "/ns", "eth0", null, """{"name":"net"}""", 1, "does not allow CHECK" },
        { "STATUS", null, null, null, null, """{"cniVersion":"1.0.0","name":"net"}""", 1, "does not allow STATUS" },
        { "GC", null, null, null, "/bin", """{"cniVersion":"1.0.0","name":"net"}""", 1, "does not allow GC" },
        { "GC", null, null, null, "/bin", """{"cniVersion":"0.4.0","name":"net"}""", 1, "does not allow GC" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Parse_InvalidRequest_FailsAtTheFirstBrokenStep(
        string? command, string? containerId, string? netns, string? ifName, string? path, string stdin, uint code, string fragments)
    {
        var outcome = CniRequestParser.Parse(Env(command, containerId, netns, ifName, path), TestJson.Bytes(stdin));

        Assert.False(outcome.IsOk);
        Assert.Equal(code, outcome.Error.Code);
        foreach (var fragment in fragments.Split('|'))
        {
            Assert.Contains(fragment, outcome.Error.Msg, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_AddMissingEverything_NamesOnlyTheRequiredVariablesInOrder()
    {
        var outcome = CniRequestParser.Parse(Env("ADD", null, null, null, null), TestJson.Bytes(ValidConfig));

        Assert.Equal(4u, outcome.Error!.Code);
        Assert.EndsWith("CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME", outcome.Error.Msg, StringComparison.Ordinal);
        Assert.DoesNotContain("CNI_PATH", outcome.Error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnsupportedVersion_DetailsNameTheVersionAndTheList()
    {
        var outcome = CniRequestParser.Parse(Env("ADD"), TestJson.Bytes("""{"cniVersion":"0.5.0","name":"net"}"""));

        Assert.Equal(1u, outcome.Error!.Code);
        Assert.Contains("0.5.0", outcome.Error.Details, StringComparison.Ordinal);
        Assert.Contains("0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0", outcome.Error.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValidAdd_CarriesEveryValue()
    {
        var env = Env("ADD", "abc_1.2-3", "/var/run/netns/pod", "eth0", "/opt/cni/bin:/usr/lib/cni", "K8S_POD_NAME=p;IgnoreUnknown=1");

        var invocation = CniRequestParser.Parse(env, TestJson.Bytes("""{"cniVersion":"0.4.0","name":"net","type":"multi"}""")).Unwrap();

        Assert.Equal(CniCommand.Add, invocation.Command);
        Assert.Equal("0.4.0", invocation.CniVersion);
        Assert.Equal("abc_1.2-3", invocation.ContainerId);
        Assert.Equal("/var/run/netns/pod", invocation.Netns);
        Assert.Equal("eth0", invocation.IfName);
        Assert.Equal("p", invocation.Args["K8S_POD_NAME"]);
        Assert.True(invocation.Args.IgnoresUnknown);
        Assert.Equal(["/opt/cni/bin", "/usr/lib/cni"], invocation.Path);
        Assert.Equal("multi", Json.GetString(invocation.Config!, "type"));
    }

    [Theory]
    [InlineData("""{"name":"net"}""")]
    [InlineData("""{"name":"net","cniVersion":""}""")]
    [InlineData("""{"name":"net","cniVersion":null}""")]
    public void Parse_NoCniVersion_CountsAs010(string stdin)
    {
        var invocation = CniRequestParser.Parse(Env("ADD"), TestJson.Bytes(stdin)).Unwrap();

        Assert.Equal("0.1.0", invocation.CniVersion);
    }

    [Theory]
    [InlineData("/a:/b:/c", new[] { "/a", "/b", "/c" })]
    [InlineData("/a", new[] { "/a" })]
    [InlineData("/a::/b:", new[] { "/a", "/b" })]
    [InlineData(null, new string[0])]
    public void Parse_CniPath_IsSplitOnColon(string? path, string[] expected)
    {
        var invocation = CniRequestParser.Parse(Env("ADD", path: path), TestJson.Bytes(ValidConfig)).Unwrap();

        Assert.Equal(expected, invocation.Path);
    }

    [Theory]
    [InlineData("ADD", "c1", "/ns", "eth0", null, "0.3.0")]
    [InlineData("DEL", "c1", null, "eth0", null, "0.1.0")]
    [InlineData("DEL", "c1", "", "eth0", null, "1.1.0")]
    [InlineData("CHECK", "c1", "/ns", "eth0", null, "0.4.0")]
    [InlineData("STATUS", null, null, null, null, "1.1.0")]
    [InlineData("GC", null, null, null, "/bin", "1.1.0")]
    [InlineData("ADD", "c1", "/ns", "abcdefghijklmno", null, "1.0.0")]
    [InlineData("ADD", "C1", "/ns", "ééééééé", null, "1.0.0")]
    [InlineData("ADD", "1", "/ns", "...", null, "1.0.0")]
    public void Parse_RequiredVariablesPresent_Succeeds(string command, string? containerId, string? netns, string? ifName, string? path, string version)
    {
        var stdin = $$"""{"cniVersion":"{{version}}","name":"net"}""";

        var outcome = CniRequestParser.Parse(Env(command, containerId, netns, ifName, path), TestJson.Bytes(stdin));

        Assert.True(outcome.IsOk, outcome.Error?.ToString());
        Assert.Equal(version, outcome.Value.CniVersion);
        Assert.Equal(netns ?? string.Empty, outcome.Value.Netns);
        Assert.Equal(containerId ?? string.Empty, outcome.Value.ContainerId);
    }

    [Theory]
    [InlineData("", "1.1.0")]
    [InlineData("garbage", "1.1.0")]
    [InlineData("{", "1.1.0")]
    [InlineData("[]", "1.1.0")]
    [InlineData("""{"cniVersion":"0.4.0"}""", "0.4.0")]
    [InlineData("""{"cniVersion":"0.4.0","name":"-not a name-"}""", "0.4.0")]
    [InlineData("""{"cniVersion":"9.9.9"}""", "9.9.9")]
    [InlineData("""{"cniVersion":""}""", "1.1.0")]
    [InlineData("""{"cniVersion":5}""", "1.1.0")]
    [InlineData("""{"cniVersion":["1.0.0"]}""", "1.1.0")]
    [InlineData("""{"cniVersion":"1.0.0","cniVersion":"0.4.0"}""", "1.1.0")]
    public void Parse_Version_IgnoresStdinAndEchoesItsVersion(string stdin, string expected)
    {
        var invocation = CniRequestParser.Parse(Env("VERSION", null, null, null, null), TestJson.Bytes(stdin)).Unwrap();

        Assert.Equal(CniCommand.Version, invocation.Command);
        Assert.Equal(expected, invocation.CniVersion);
        Assert.Null(invocation.Config);
        Assert.Equal(expected, CniRequestParser.VersionEcho(TestJson.Bytes(stdin)));
    }

    [Fact]
    public void Parse_VersionWithInvalidUtf8OnStdin_Succeeds()
    {
        var invocation = CniRequestParser.Parse(Env("VERSION"), [0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]).Unwrap();

        Assert.Equal("1.1.0", invocation.CniVersion);
    }

    [Theory]
    [InlineData(new byte[] { 0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d })]
    [InlineData(new byte[] { 0xef, 0xbb, 0xbf, 0x7b, 0x7d })]
    public void Parse_AddWithUndecodableStdin_FailsWithCode6(byte[] stdin)
    {
        var outcome = CniRequestParser.Parse(Env("ADD"), stdin);

        Assert.Equal(6u, outcome.Error!.Code);
    }

    [Fact]
    public void Parse_AddWithUnpairedSurrogateEscape_FailsWithCode6()
    {
        var outcome = CniRequestParser.Parse(Env("ADD"), TestJson.Bytes("""{"name":"net","x":"\ud800"}"""));

        Assert.Equal(6u, outcome.Error!.Code);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("0", true)]
    [InlineData("A_b.c-D", true)]
    [InlineData("", false)]
    [InlineData("_a", false)]
    [InlineData("-a", false)]
    [InlineData(".a", false)]
    [InlineData("a b", false)]
    [InlineData("a+b", false)]
    [InlineData("aé", false)]
    [InlineData("a\n", false)]
    public void IsContainerId_Table(string id, bool expected)
    {
        Assert.Equal(expected, CniRequestParser.IsContainerId(id));
    }

    [Theory]
    [InlineData("eth0", true)]
    [InlineData("a", true)]
    [InlineData("abcdefghijklmno", true)]
    [InlineData("net_1-2.3@x", true)]
    [InlineData("...", true)]
    [InlineData("", false)]
    [InlineData("abcdefghijklmnop", false)]
    [InlineData("ééééééééé", false)]
    [InlineData("😀😀😀😀", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("a/b", false)]
    [InlineData("a:b", false)]
    [InlineData(" a", false)]
    [InlineData("a\n", false)]
    public void InterfaceNameError_Table(string name, bool valid)
    {
        Assert.Equal(valid, CniRequestParser.InterfaceNameError(name) is null);
    }

    [Fact]
    public void From_EmptyValues_CountAsMissing()
    {
        var env = CniEnvironment.From(_ => string.Empty);

        Assert.Equal(new CniEnvironment(null, null, null, null, null, null), env);
    }

    private static CniEnvironment Env(
        string? command,
        string? containerId = "c1",
        string? netns = "/var/run/netns/pod",
        string? ifName = "eth0",
        string? path = "/opt/cni/bin",
        string? args = null) =>
        CniEnvironment.From(key => key switch
        {
            "CNI_COMMAND" => command,
            "CNI_CONTAINERID" => containerId,
            "CNI_NETNS" => netns,
            "CNI_IFNAME" => ifName,
            "CNI_PATH" => path,
            "CNI_ARGS" => args,
            _ => null,
        });
}
