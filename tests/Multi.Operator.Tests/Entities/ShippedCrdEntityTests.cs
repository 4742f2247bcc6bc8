using k8s;
using k8s.Models;
using Multi.Core.Ipam;
using Multi.Operator.Entities;
using Multi.Sandbox.Host;

namespace Multi.Operator.Tests.Entities;

/// <summary>Every CRD in <c>crds/</c> describes exactly the C# entity the operator reads and writes.</summary>
public sealed class ShippedCrdEntityTests
{
    [Fact]
    public void ClusterNetworkCrd_SpecAndStatus_MatchTheEntityExactly()
    {
        var schema = Schema("multi.dev_clusternetworks.yaml");

        Assert.Empty(SchemaComparison.Differences(typeof(Multi.Core.Networks.ClusterNetworkSpec), schema.Properties["spec"], "spec"));
        Assert.Empty(SchemaComparison.Differences(typeof(ClusterNetworkStatus), schema.Properties["status"], "status"));
    }

    [Fact]
    public void ClusterNetworkCrd_HostInterfaceDefaults_AreTheOnesTheAgentAssumes()
    {
        var hostInterface = Schema("multi.dev_clusternetworks.yaml").Properties["spec"].Properties["hostInterface"];

        Assert.Equal(Multi.Core.Networks.VxlanInterfaceSpec.DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture), hostInterface.Properties["vxlan"].Properties["port"].DefaultProperty?.ToString());
        Assert.Equal(Multi.Core.Networks.VlanInterfaceSpec.Dot1Q, hostInterface.Properties["vlan"].Properties["protocol"].DefaultProperty?.ToString());
    }

    [Fact]
    public void IpPoolCrd_SpecAndStatus_MatchTheEntityExactly()
    {
        var schema = Schema("multi.dev_ippools.yaml");

        Assert.Empty(SchemaComparison.Differences(typeof(IpPoolSpec), schema.Properties["spec"], "spec"));
        Assert.Empty(SchemaComparison.Differences(typeof(IpPoolStatus), schema.Properties["status"], "status"));
    }

    [Fact]
    public void NodeNetworkStateCrd_SpecAndStatus_MatchTheEntityExactly()
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(Path.Combine(RepoLayout.Root, "crds", "multi.dev_nodenetworkstates.yaml")));
        var schema = Schema("multi.dev_nodenetworkstates.yaml");

        Assert.Empty(SchemaComparison.Differences(typeof(NodeNetworkStateSpec), schema.Properties["spec"], "spec"));
        Assert.Empty(SchemaComparison.Differences(typeof(NodeNetworkStateStatus), schema.Properties["status"], "status"));
        Assert.Equal((NodeNetworkState.Group, NodeNetworkState.Plural, NodeNetworkState.KindName, "Cluster"), (crd.Spec.Group, crd.Spec.Names.Plural, crd.Spec.Names.Kind, crd.Spec.Scope));
        Assert.Equal(["nns"], crd.Spec.Names.ShortNames);
        var items = KubernetesJson.Deserialize<V1JSONSchemaProps>(KubernetesJson.Serialize(schema.Properties["status"].Properties["links"].Items));
        Assert.Equal(Enum.GetNames<Multi.Operator.NodeAgent.HostInterfaces.LinkState>(), items.Properties["state"].EnumProperty.Select(e => e.ToString()));
        Assert.Equal(Multi.Operator.NodeAgent.HostInterfaces.NodeNetworkStateStatusBuilder.MaxLinks, schema.Properties["status"].Properties["links"].MaxItems);
    }

    [Fact]
    public void EveryShippedCrd_IsCoveredByATestHere()
    {
        var files = Directory.GetFiles(Path.Combine(RepoLayout.Root, "crds"), "*_*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(["k8s.cni.cncf.io_network-attachment-definitions.yaml", "multi.dev_clusternetworks.yaml", "multi.dev_ipallocations.yaml", "multi.dev_ippools.yaml", "multi.dev_nodenetworkstates.yaml"], files);
    }

    [Fact]
    public void IpAllocationCrd_Spec_MatchesTheEntityExactly()
    {
        var schema = Schema("multi.dev_ipallocations.yaml");

        Assert.Empty(SchemaComparison.Differences(typeof(IpAllocationSpec), schema.Properties["spec"], "spec"));
    }

    [Fact]
    public void NadCrd_Spec_MatchesTheEntityExactly()
    {
        var schema = Schema("k8s.cni.cncf.io_network-attachment-definitions.yaml");

        Assert.Empty(SchemaComparison.Differences(typeof(NadSpec), schema.Properties["spec"], "spec"));
    }

    [Fact]
    public void Comparison_ExtraOrMistypedProperty_IsReported()
    {
        var schema = new V1JSONSchemaProps
        {
            Type = "object",
            Properties = new Dictionary<string, V1JSONSchemaProps>
            {
                ["nadCount"] = new() { Type = "string" },
                ["surplus"] = new() { Type = "string" },
            },
        };

        var differences = SchemaComparison.Differences(typeof(ClusterNetworkStatus), schema, "status");

        Assert.Contains("status.nadCount: the entity is integer (Int32), the schema says string", differences);
        Assert.Contains("status.surplus: in the schema, not in the entity", differences);
        Assert.Contains("status.conditions: in the entity, not in the schema", differences);
    }

    private static V1JSONSchemaProps Schema(string file)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(Path.Combine(RepoLayout.Root, "crds", file)));
        return Assert.Single(crd.Spec.Versions, v => v.Storage).Schema.OpenAPIV3Schema;
    }
}
