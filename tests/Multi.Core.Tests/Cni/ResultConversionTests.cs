using Multi.Core.Cni;
using Multi.Core.Cni.Results;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Cni;

/// <summary>A rich 1.1 result taken to every version and back keeps exactly what that version can express.</summary>
public sealed class ResultConversionTests
{
    public static TheoryData<string> Versions => [.. CniVersion.Supported];

    [Theory]
    [MemberData(nameof(Versions))]
    public void Convert_Rich11ToVersion_KeepsWhatTheVersionExpresses(string version)
    {
        var converted = ResultCodec.Convert(SampleResults.Rich11, version).Unwrap();

        ResultAssert.Equal(SampleResults.Rich11As(version), converted);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Convert_ThroughVersionAndBackTo11_LosesNothingMore(string version)
    {
        var down = ResultCodec.Convert(SampleResults.Rich11, version).Unwrap();

        var back = ResultCodec.Convert(down, "1.1.0").Unwrap();

        ResultAssert.Equal(SampleResults.Rich11As(version) with { CniVersion = "1.1.0" }, back);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Render_ThenParseAsText_MatchesConvert(string version)
    {
        var text = TestJson.Text(ResultCodec.Render(SampleResults.Rich11, version).Unwrap());

        var parsed = ResultCodec.Parse(TestJson.Bytes(text), "1.1.0").Unwrap();

        ResultAssert.Equal(SampleResults.Rich11As(version), parsed);
    }

    [Fact]
    public void Convert_EveryPairOfVersions_IsStableAfterTheFirstLoss()
    {
        foreach (var from in CniVersion.Supported)
        {
            foreach (var to in CniVersion.Supported)
            {
                var source = SampleResults.Rich11As(from);
                var once = ResultCodec.Convert(source, to).Unwrap();
                var twice = ResultCodec.Convert(once, to).Unwrap();

                ResultAssert.Equal(once, twice);
                Assert.Equal(to, once.CniVersion);
            }
        }
    }
}
