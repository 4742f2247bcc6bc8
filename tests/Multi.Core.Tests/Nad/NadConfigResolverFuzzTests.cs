using System.Text;
using CsCheck;
using Multi.Core.Cni;
using Multi.Core.Nad;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Nad;

public sealed class NadConfigResolverFuzzTests
{
    private static readonly Gen<string> Config = Gen.Frequency(
        (2, (IGen<string>)FuzzGen.ShortText),
        (2, FuzzGen.Bytes.Select(b => Encoding.UTF8.GetString(b))),
        (3, FuzzGen.Mutations("""{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"bridge"},{"type":"tuning"}]}""").Select(o => o.ToJsonString())),
        (3, FuzzGen.Mutations("""{"cniVersion":"0.3.1","type":"macvlan","master":"eth1"}""").Select(o => o.ToJsonString())));

    private static readonly Gen<ConfDirFile> File = Gen.Select(
        Gen.OneOf("a.conf", "b.conflist", "c.json", "d.txt", "n.conf"),
        Gen.Frequency((1, (IGen<byte[]>)FuzzGen.Bytes), (2, Config.Select(Encoding.UTF8.GetBytes))),
        (name, bytes) => new ConfDirFile(name, bytes));

    [Fact]
    public void Resolve_RandomConfigs_NeverThrowAndFailOnlyWith104() =>
        Gen.Select(Config, File.Array[0, 4]).Sample((config, files) =>
        {
            var nad = new NetworkAttachmentDefinition("ns", "n", config);
            var fromSpec = NadConfigResolver.FromSpec(nad, "1.0.0");
            var fromDir = NadConfigResolver.FromConfDir(nad with { Config = null }, files, "/etc/cni/multus/net.d", "1.0.0");
            return (fromSpec.IsOk || fromSpec.Error.Code == CniErrorCode.NadUnusable)
                && (fromDir.IsOk || fromDir.Error.Code == CniErrorCode.NadUnusable);
        }, iter: 3000);
}
