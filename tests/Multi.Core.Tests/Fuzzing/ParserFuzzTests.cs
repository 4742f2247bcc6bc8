using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Multi.Core.Cni;
using Multi.Core.Cni.Results;
using Multi.Core.Config;
using Multi.Core.Delegates;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Fuzzing;

/// <summary>
/// Parsers meet hostile input: they must return a value or a CNI error with a well-known code, never throw.
/// Fixed iteration counts keep the suite fast; a failure prints the seed to replay.
/// </summary>
public sealed class ParserFuzzTests
{
    private const int Iterations = 3000;

    private const string AddConfig = """
        {"cniVersion":"1.1.0","name":"multi-cni-network","type":"multi","clusterNetwork":"k8s",
         "runtimeConfig":{"portMappings":[{"hostPort":80}]},"prevResult":{"cniVersion":"1.1.0","ips":[{"address":"10.0.0.2/24"}]}}
        """;

    private const string Conflist = """
        {"cniVersion":"1.0.0","cniVersions":["0.4.0","1.1.0"],"name":"chain","disableCheck":"false","disableGC":true,
         "plugins":[{"type":"bridge","ipam":{"type":"host-local"}},{"type":"portmap","capabilities":{"portMappings":true}}]}
        """;

    private const string SinglePlugin = """{"cniVersion":"0.3.1","name":"single","type":"macvlan","master":"eth1","ipam":{"type":"static"}}""";

    private const string LegacyResult = """
        {"cniVersion":"0.2.0","ip4":{"ip":"10.0.0.2/24","gateway":"10.0.0.1","routes":[{"dst":"0.0.0.0/0"}]},
         "ip6":{"ip":"fd00::2/64"},"dns":{"nameservers":["1.1.1.1"]}}
        """;

    private const string MetaConfig = """
        {"cniVersion":"1.0.0","name":"multus","type":"multus","kubeconfig":"/k","delegates":[{"type":"flannel"}],
         "defaultNetworks":["a"],"systemNamespaces":["kube-system"],"readinessIndicatorTimeoutSeconds":10,
         "retryDeleteOnError":false,"logLevel":"debug","logToStderr":true,"runtimeConfig":{},"chrootDir":"/hostroot"}
        """;

    private static readonly uint[] RequestCodes = [1, 4, 6, 7];

    [Fact]
    public void CniRequestParser_RandomEnvironmentAndStdin_ReturnsAValueOrAWellKnownCode()
    {
        var env = Gen.Select(
            FuzzGen.EnvValue("ADD", "DEL", "CHECK", "VERSION", "STATUS", "GC", "add", "FOO"),
            FuzzGen.EnvValue("c1", "0123456789abcdef", "a_b.c-d"),
            FuzzGen.EnvValue("/var/run/netns/pod"),
            FuzzGen.EnvValue("eth0", "net1", "abcdefghijklmno"),
            FuzzGen.EnvValue("K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p", "a=b=c;;junk;a=d"),
            FuzzGen.EnvValue("/opt/cni/bin", "/a::/b:"),
            (command, id, netns, ifName, args, path) => new CniEnvironment(command, id, netns, ifName, args, path));
        var stdin = Gen.Frequency(
            (3, (IGen<byte[]>)FuzzGen.Bytes),
            (3, FuzzGen.DeepMutations(AddConfig).Select(Utf8)),
            (1, Gen.Const(Encoding.UTF8.GetBytes(AddConfig))));

        Gen.Select(env, stdin).Sample(
            (e, bytes) =>
            {
                var outcome = CniRequestParser.Parse(e, bytes);
                if (!outcome.IsOk)
                {
                    Assert.Contains(outcome.Error.Code, RequestCodes);
                    return;
                }

                var invocation = outcome.Value;
                Assert.Equal(invocation.Command == CniCommand.Version, invocation.Config is null);
                Assert.True(invocation.Command == CniCommand.Version || CniVersion.IsSupported(invocation.CniVersion));
                _ = invocation.Args.ForDelegate(invocation.ContainerId).ToString();
            },
            iter: Iterations);
    }

    [Fact]
    public void ResultCodecParse_RandomDocuments_ReturnsAResultOrCode1Or6()
    {
        var documents = Gen.Frequency(
            (2, (IGen<byte[]>)FuzzGen.Bytes),
            (3, FuzzGen.DeepMutations(SampleResults.Rich11Json).Select(Utf8)),
            (2, FuzzGen.DeepMutations(LegacyResult).Select(Utf8)));

        Gen.Select(documents, FuzzGen.Versions).Sample(
            (bytes, fallback) =>
            {
                var outcome = ResultCodec.Parse(bytes, fallback);
                if (!outcome.IsOk)
                {
                    Assert.Contains(outcome.Error.Code, new uint[] { 1, 6 });
                    return;
                }

                foreach (var version in CniVersion.Supported)
                {
                    var rendered = ResultCodec.Render(outcome.Value, version);
                    Assert.True(rendered.IsOk || rendered.Error.Code == 109);
                }
            },
            iter: Iterations);
    }

    [Fact]
    public void NetworkConfigParserParse_RandomDocuments_ReturnsAListOrCode7()
    {
        var documents = Gen.Frequency(
            (2, (IGen<byte[]>)FuzzGen.Bytes),
            (3, FuzzGen.DeepMutations(Conflist).Select(Utf8)),
            (2, FuzzGen.DeepMutations(SinglePlugin).Select(Utf8)));

        Gen.Select(documents, FuzzGen.Versions, Gen.Bool).Sample(
            (bytes, inherited, forceList) =>
            {
                var outcome = NetworkConfigParser.Parse(bytes, inherited, "fuzz", forceList);
                if (!outcome.IsOk)
                {
                    Assert.Equal(7u, outcome.Error.Code);
                    return;
                }

                var back = NetworkConfigParser.FromNormalised(outcome.Value.ToJson());
                if (CniVersion.IsSupported(outcome.Value.CniVersion))
                {
                    Assert.True(back.IsOk, back.Error?.ToString());
                    Assert.Equal(TestJson.Text(outcome.Value.ToJson()), TestJson.Text(back.Value!.ToJson()));
                }

                for (var i = 0; i < outcome.Value.Plugins.Length; i++)
                {
                    _ = PluginConfigBuilder.Build(outcome.Value, i, TestJson.Obj("""{"portMappings":[]}"""), null);
                }
            },
            iter: Iterations);
    }

    [Fact]
    public void MetaPluginConfigParserParse_RandomObjects_ReturnsAConfigOrCode7()
    {
        var objects = Gen.Frequency((1, (IGen<JsonObject>)FuzzGen.Object), (2, FuzzGen.DeepMutations(MetaConfig)));

        Gen.Select(objects, FuzzGen.Versions).Sample(
            (raw, version) =>
            {
                var outcome = MetaPluginConfigParser.Parse(raw, version);
                Assert.True(outcome.IsOk || outcome.Error.Code == 7);
            },
            iter: Iterations);
    }

    private static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
