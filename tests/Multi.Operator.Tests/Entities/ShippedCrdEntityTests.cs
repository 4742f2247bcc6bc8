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
    public void IpPoolCrd_SpecAndStatus_MatchTheEntityExactly()
    {
        var schema = Schema("multi.dev_ippools.yaml");

        Assert.Empty(SchemaComparison.Differences(typeof(IpPoolSpec), schema.Properties["spec"], "spec"));
        Assert.Empty(SchemaComparison.Differences(typeof(IpPoolStatus), schema.Properties["status"], "status"));
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
