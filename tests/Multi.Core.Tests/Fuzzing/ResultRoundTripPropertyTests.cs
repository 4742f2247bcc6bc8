using System.Text;
using CsCheck;
using Multi.Core.Cni.Results;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Fuzzing;

public sealed class ResultRoundTripPropertyTests
{
    private static readonly Gen<string?> OptionalText = Gen.Frequency(
        (1, (IGen<string?>)Gen.Const((string?)null)),
        (3, FuzzGen.JsonText.Where(s => s.Length > 0).Select(s => (string?)s)));

    private static readonly Gen<int?> OptionalInt = Gen.Frequency(
        (1, (IGen<int?>)Gen.Const((int?)null)),
        (3, Gen.Int.Select(i => (int?)i)));

    private static readonly Gen<CniInterface> Interface = Gen.Select(
        FuzzGen.JsonText, OptionalText, OptionalInt, OptionalText, OptionalText, OptionalText,
        (name, mac, mtu, sandbox, socketPath, pciId) => new CniInterface(name, mac, mtu, sandbox, socketPath, pciId));

    private static readonly Gen<CniIpConfig> Ip = Gen.Select(
        FuzzGen.JsonText, OptionalText, OptionalInt, (address, gateway, index) => new CniIpConfig(address, gateway, index));

    private static readonly Gen<CniRoute> Route = Gen.Select(
        FuzzGen.JsonText, OptionalText, OptionalInt, OptionalInt, OptionalInt, OptionalInt, OptionalInt,
        (dst, gw, mtu, advmss, priority, table, scope) => new CniRoute(dst, gw, mtu, advmss, priority, table, scope));

    private static readonly Gen<CniDns?> Dns = Gen.Select(
        FuzzGen.JsonText.Array[0, 3], OptionalText, FuzzGen.JsonText.Array[0, 3], FuzzGen.JsonText.Array[0, 3],
        (servers, domain, search, options) => new CniDns([.. servers], domain, [.. search], [.. options]) is { IsEmpty: false } dns ? dns : null);

    private static readonly Gen<CniResult> Result = Gen.Select(
        Interface.Array[0, 3], Ip.Array[0, 4], Route.Array[0, 4], Dns,
        (interfaces, ips, routes, dns) => new CniResult("1.1.0", [.. interfaces], [.. ips], [.. routes], dns));

    [Fact]
    public void ParseOfRender110_GeneratedResult_IsStructurallyEqual()
    {
        Result.Sample(
            result =>
            {
                var text = Multi.Core.JsonText.Write(ResultCodec.Render(result, "1.1.0").Unwrap());

                var back = ResultCodec.Parse(Encoding.UTF8.GetBytes(text), "0.1.0").Unwrap();

                ResultAssert.Equal(result, back);
            },
            iter: 3000);
    }

    [Fact]
    public void Convert_GeneratedResultToEveryVersion_NeverThrowsAndFailsOnlyWith109()
    {
        Result.Sample(
            result =>
            {
                foreach (var version in Multi.Core.Cni.CniVersion.Supported)
                {
                    var converted = ResultCodec.Convert(result, version);
                    Assert.True(converted.IsOk || (converted.Error.Code == 109 && result.Ips.IsEmpty), converted.Error?.ToString());
                }
            },
            iter: 2000);
    }
}
