using Multi.Operator.Entities;
using Multi.Operator.NodeAgent.HostInterfaces;

namespace Multi.Operator.Tests.NodeAgent.HostInterfaces;

public sealed class ClusterNetworkNodeReadinessTests
{
    private static NodeNetworkState State(string node, params string[] ready) => new()
    {
        Metadata = new() { Name = node },
        Spec = new NodeNetworkStateSpec { NodeName = node },
        Status = new NodeNetworkStateStatus { ReadyNetworks = ready },
    };

    public static TheoryData<string, string[], string> Cases() => new()
    {
        { "every selected node ready", ["n1", "n2", "n3"], "3/3" },
        { "a selected node without a record", ["n1", "n2", "n4"], "2/3" },
        { "a node not ready for this network", ["n1", "n5"], "1/2" },
        { "no node selected", [], "0/0" },
        { "duplicates counted once", ["n1", "n1"], "1/1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Text_SelectedNodesAndRecords_CountsNodesReportingTheNetworkReady(string what, string[] selected, string expected)
    {
        NodeNetworkState[] states = [State("n1", "blue"), State("n2", "blue", "red"), State("n3", "blue"), State("n5", "red"), State("n9", "blue"), new() { Metadata = new() { Name = "n6" } }];

        Assert.Equal(expected, ClusterNetworkNodeReadiness.Text("blue", selected, states));
        _ = what;
    }
}
