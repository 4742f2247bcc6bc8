using Multi.Cni.Kube;

namespace Multi.Cni.Tests.Kube;

public sealed class BlockYamlTests
{
    public static TheoryData<string, string> Documents => new()
    {
        { "a: b", """{"a":"b"}""" },
        { "a: b\nc: d\n", """{"a":"b","c":"d"}""" },
        { "# comment\na: b # trailing\n\n  # indented comment\nc: d", """{"a":"b","c":"d"}""" },
        { "---\na: b\n...\n", """{"a":"b"}""" },
        { "%YAML 1.2\n---\na: b", """{"a":"b"}""" },
        { "\uFEFFa: b\r\nc: d\r\n", """{"a":"b","c":"d"}""" },
        { "a:\n  b:\n    c: d\n  e: f", """{"a":{"b":{"c":"d"},"e":"f"}}""" },
        { "a:\n- x\n- y", """{"a":["x","y"]}""" },
        { "a:\n  - x\n  - y", """{"a":["x","y"]}""" },
        { "a:\n- name: n\n  cluster:\n    server: s\n- name: m", """{"a":[{"name":"n","cluster":{"server":"s"}},{"name":"m"}]}""" },
        { "a:\n-   name: n\n    x: y", """{"a":[{"name":"n","x":"y"}]}""" },
        { "a:\n-\n  name: n\n- - x\n  - y", """{"a":[{"name":"n"},["x","y"]]}""" },
        { "a:\n- \"q\": 1", """{"a":[{"q":"1"}]}""" },
        { "a:\nb:\nc: ~\nd: null\ne: Null", """{"a":null,"b":null,"c":null,"d":null,"e":null}""" },
        { "a: true\nb: False\nc: TRUE\nd: yes\ne: 1\nf: 0x10", """{"a":true,"b":false,"c":true,"d":"yes","e":"1","f":"0x10"}""" },
        { "a: {}\nb: []\nc: { }\nd: [ ]", """{"a":{},"b":[],"c":{},"d":[]}""" },
        { "a: [x, \"y\", 'z', [1], {k: v}]\nb: {k: v, \"q\": 'w', n:}", """{"a":["x","y","z",["1"],{"k":"v"}],"b":{"k":"v","q":"w","n":null}}""" },
        { "a: 'it''s # not a comment'", """{"a":"it's # not a comment"}""" },
        { """a: "tab\there \"q\" \\ \u00e9 \x41 \U000000FC \/" """, """{"a":"tab\there \"q\" \\ é A ü /"}""" },
        { "a: \"\"\nb: ''", """{"a":"","b":""}""" },
        { "a: https://host:6443/path#frag", """{"a":"https://host:6443/path#frag"}""" },
        { "a: x:y", """{"a":"x:y"}""" },
        { "a: b c  # comment", """{"a":"b c"}""" },
        { "a: first\n  second\n\n  third\nb: x", """{"a":"first second\nthird","b":"x"}""" },
        { "a: \"first\n  second\\\n  third\"", """{"a":"first secondthird"}""" },
        { "a: 'one\n\n  two'", """{"a":"one\ntwo"}""" },
        { "a: |\n  line 1\n    indented\n  line 3\nb: x", """{"a":"line 1\n  indented\nline 3\n","b":"x"}""" },
        { "a: |-\n  x\n  y\n\n", """{"a":"x\ny"}""" },
        { "a: |+\n  x\n\nb: y", """{"a":"x\n\n","b":"y"}""" },
        { "a: >\n  folded\n  text\n\n  para\nb: x", """{"a":"folded text\npara\n","b":"x"}""" },
        { "a: >-\n  x\n  y", """{"a":"x y"}""" },
        { "\"quoted key\": v\n'single': w", """{"quoted key":"v","single":"w"}""" },
        { "key with spaces: v", """{"key with spaces":"v"}""" },
        { "a:    spaced", """{"a":"spaced"}""" },
        { "- a\n- b", """["a","b"]""" },
    };

    public static TheoryData<string, string> Errors => new()
    {
        { "a: b\na: c", "line 2: duplicate key \"a\"" },
        { "a: &anchor b", "line 1: anchors, aliases and tags are not supported" },
        { "a: *alias", "line 1: anchors, aliases and tags are not supported" },
        { "a: !!str b", "line 1: anchors, aliases and tags are not supported" },
        { "? complex\n: key", "line 1: complex keys are not supported" },
        { "a: b\n---\nc: d", "line 2: only one YAML document is supported" },
        { "a:\n\tb: c", "line 2: tabs cannot be used for indentation" },
        { "a:\n    b: c\n  d: e", "line 3: unexpected indentation" },
        { "just a scalar", "line 1: expected \"key: value\"" },
        { "a: \"unterminated", "line 1: unterminated quoted scalar" },
        { "a: \"x\" y", "line 1: unexpected text after a quoted scalar" },
        { "a: [x, y", "line 1: flow collections must close on the line they start on" },
        { "a: [x y] z", "line 1: unexpected text after a flow collection" },
        { "a: {k: v, k: w}", "line 1: duplicate key \"k\"" },
        { "a: \"\\q\"", "line 1: unknown escape \\q" },
        { "a: \"\\u12\"", "line 1: bad escape \\u in a double-quoted scalar" },
        { "a: \"\\uD800\"", "line 1: bad escape \\u in a double-quoted scalar" },
        { "a: |2\n  x", "line 1: block scalar header \"|2\" is not supported" },
        { "a: |\n    x\n  y", "line 3: less indented than the first line of its block scalar" },
        { "a: b\n  c: d", "line 2: a mapping cannot continue a plain scalar" },
        { "a: @x", "line 1: a plain scalar cannot start with '@'" },
        { "--- a: b", "line 1: content on the document start line is not supported" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Parse_SupportedSubset_GivesJson(string yaml, string expected)
    {
        var node = BlockYaml.Parse(yaml);

        Assert.Equal(expected, node!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Parse_BadOrUnsupported_ThrowsWithLine(string yaml, string expected)
    {
        var error = Assert.Throws<FormatException>(() => BlockYaml.Parse(yaml));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n\n")]
    [InlineData("---\n")]
    public void Parse_EmptyDocument_ReturnsNull(string yaml)
    {
        Assert.Null(BlockYaml.Parse(yaml));
    }

    [Fact]
    public void Parse_KubectlWrittenKubeconfig_ReadsEveryField()
    {
        const string yaml = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0Q2c9PQ==
                server: https://127.0.0.1:40123
              name: kind-kind
            contexts:
            - context:
                cluster: kind-kind
                user: kind-kind
              name: kind-kind
            current-context: kind-kind
            kind: Config
            preferences: {}
            users:
            - name: kind-kind
              user:
                client-certificate-data: Y2VydA==
                client-key-data: a2V5
            """;

        var root = BlockYaml.Parse(yaml)!;

        Assert.Equal("https://127.0.0.1:40123", (string?)root["clusters"]![0]!["cluster"]!["server"]);
        Assert.Equal("kind-kind", (string?)root["contexts"]![0]!["context"]!["user"]);
        Assert.Equal("a2V5", (string?)root["users"]![0]!["user"]!["client-key-data"]);
        Assert.Equal("kind-kind", (string?)root["current-context"]);
    }
}
