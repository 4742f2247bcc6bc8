using CsCheck;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Annotations;

public sealed class NetworkSelectionParserFuzzTests
{
    private static readonly Gen<string> Annotation = Gen.Frequency(
        (3, (IGen<string>)FuzzGen.ShortText),
        (2, Gen.Char["abc/@, -_.[]{}\"\\:0"].Array[0, 30].Select(a => new string(a))),
        (1, Gen.OneOf("[{", "\"name\"", ":", "\"", "\\ud800", "\\udf0a", "\\u0000", "}", "]", ",", "\"ips\"", "[\"10.0.0.1/33\"]", "\"mac\"", "\"0200.5e10.0001\"").Array[0, 12].Select(t => string.Concat(t))),
        (3, FuzzGen.Value.Select(v => v?.ToJsonString() ?? "null")),
        (2, FuzzGen.Object.Array[0, 3].Select(os => "[" + string.Join(",", os.Select(o => o.ToJsonString())) + "]")));

    [Fact]
    public void Parse_RandomText_NeverThrowsAndFailsOnlyWith103() =>
        Annotation.Sample(text =>
        {
            var outcome = NetworkSelectionParser.Parse(text, "pod-ns");
            var single = NetworkSelectionParser.ParseDefaultNetwork(text, "kube-system");
            return (outcome.IsOk || outcome.Error.Code == CniErrorCode.InvalidAnnotation)
                && (single.IsOk || single.Error.Code == CniErrorCode.InvalidAnnotation);
        }, iter: 5000);
}
