using System.Text.Json.Nodes;
using CsCheck;
using Multi.Core.Ipam;
using Multi.Core.Nad;
using Multi.Core.Networks;
using Multi.Core.Validation;
using Xunit;

namespace Multi.Core.Tests.Networks;

/// <summary>For random specs the validator and renderer never throw, and every accepted spec renders into a valid NAD.</summary>
public sealed class ClusterNetworkPropertyTests
{
    private static readonly Gen<string?> Names = Likely<string?>("eth1", null, "", "bond0.5", "br0", "averyverylongname0", "a b", "..", "é", "x\ud800");
    private static readonly Gen<int?> Numbers = Likely<int?>(null, -1, 0, 1, 7, 68, 100, 1500, 4094, 4095, 65535, 65536, 16777215, 16777216);
    private static readonly Gen<string?> Ips = Gen.OneOf<string?>(null, "10.0.0.1", "239.1.1.1", "ff02::1", "2001:db8::1", "x", "10.0.0.256");

    private static readonly Gen<HostInterfaceSpec?> Host = Gen.Frequency(
        (2, Gen.Const((HostInterfaceSpec?)null)),
        (3, Gen.Select(Gen.Int[0, 3], Names, Numbers, Gen.OneOf<string?>(null, "802.1Q", "802.1ad", "x"), Numbers, Ips, Ips, Gen.OneOf<string?>(null, "", "br-a", "a/b"))
            .Select((shape, parent, number, protocol, mtu, group, remote, bridge) => (HostInterfaceSpec?)new HostInterfaceSpec
            {
                Vlan = (shape & 1) == 1 ? new VlanInterfaceSpec { Parent = parent!, Id = number ?? 0, Protocol = protocol } : null,
                Vxlan = (shape & 2) == 2 ? new VxlanInterfaceSpec { Vni = number ?? 0, Parent = parent, Port = mtu, Group = group, Remote = remote, Ttl = mtu, Ageing = number } : null,
                Bridge = bridge is null ? null : new BridgeInterfaceSpec { Name = bridge.Length == 0 ? null : bridge },
                Mtu = mtu,
            })));

    private static readonly Gen<ClusterNetworkIpam?> Ipam = Gen.OneOf<ClusterNetworkIpam?>(
        null,
        new ClusterNetworkIpam(),
        new ClusterNetworkIpam { PoolRef = "pool-a" },
        new ClusterNetworkIpam { PoolRef = "Pool" },
        new ClusterNetworkIpam { Pool = new IpPoolSpec { Cidr = "10.0.0.0/24" } },
        new ClusterNetworkIpam { Pool = new IpPoolSpec { Cidr = "10.0.0.1/24" } },
        new ClusterNetworkIpam { Raw = new JsonObject { ["type"] = "host-local", ["subnet"] = "10.0.0.0/24" } },
        new ClusterNetworkIpam { Raw = new JsonObject { ["type"] = "host-local", ["ranges"] = new JsonArray(new JsonArray()) } },
        new ClusterNetworkIpam { Raw = new JsonObject { ["type"] = "multi-ipam" } },
        new ClusterNetworkIpam { Raw = new JsonObject { ["type"] = 3 } });

    private static readonly Gen<ClusterNetworkSpec> Specs = Gen.Select(
        Gen.Select(Gen.OneOf([.. ClusterNetworkTypes.All, "vxlan", ""]), Names, Host, Likely<string?>(null, "bridge", "l2", "source", "x")),
        Gen.Select(Numbers, Numbers, Gen.OneOf<string?>(null, "intel.com/x", "", "x"), Likely<string?>(null, "1.0.0", "0.3.1", "2.0.0")),
        Gen.Select(Ipam, Likely<IReadOnlyList<string>?>(["default"], null, [], ["Bad"]), Likely<LabelSelectorSpec?>(null, new LabelSelectorSpec(), new LabelSelectorSpec { MatchExpressions = [new() { Key = "a", Operator = "In" }] })),
        (a, b, c) => new ClusterNetworkSpec
        {
            Type = a.Item1, Master = a.Item2, HostInterface = a.Item3, Mode = a.Item4,
            Mtu = b.Item1, VlanId = b.Item2, ResourceName = b.Item3, CniVersion = b.Item4,
            Ipam = c.Item1, Namespaces = c.Item2, NamespaceSelector = c.Item3,
        });

    /// <summary>The first value half of the time, otherwise any of them, so that valid specs are common.</summary>
    private static Gen<T> Likely<T>(params T[] values) => Gen.Frequency((values.Length, Gen.Const(values[0])), (values.Length, Gen.OneOf(values)));

    [Fact]
    public void ValidateAndRender_RandomSpecs_NeverThrowAndAcceptedSpecsRenderValidNads()
    {
        var validator = new ClusterNetworkValidator();
        var accepted = 0;
        Specs.Sample(spec =>
        {
            var valid = validator.Validate("blue", spec).IsValid;
            var rendered = ClusterNetworkRenderer.Render("blue", spec, new NadRenderOptions());
            _ = HostInterfaceNames.ConsumedInterface("blue", spec);
            _ = ClusterNetworkSetChecks.Conflicts([("a", spec), ("b", spec with { Mtu = 1 })]);
            if (valid)
            {
                accepted++;
                Assert.True(rendered.IsOk, rendered.Error?.Msg);
                var verdict = NadConfigValidator.Validate(new NetworkAttachmentDefinition("ns", "blue", rendered.Value.Config, rendered.Value.ResourceName));
                Assert.True(verdict.Valid, string.Join("; ", verdict.Problems));
            }
        }, iter: 20_000);

        Assert.True(accepted > 30, $"only {accepted} accepted specs");
    }
}
