using k8s;
using System.Text.Json.Nodes;
using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.Hosting;

/// <summary>Two manager processes on one Lease, as the Deployment's two replicas run.</summary>
public sealed class ManagerProcessTests
{
    [Fact]
    public async Task TwoManagers_LeaderTerminated_FollowerTakesOverWithoutDoubleWork()
    {
        await using var op = await OperatorCluster.StartAsync(startManager: false);
        var kubeconfig = Path.Combine(op.Cluster.Directory, "kubeconfig");
        string[] Args(string identity) =>
            ["--Operator:Mode=manager", $"--Operator:Kubeconfig={kubeconfig}", "--Operator:LeaseNamespace=default", $"--Operator:Identity={identity}", "--Operator:ProbeAddress="];
        await op.CreateNamespaceAsync("apps");

        await using var first = OperatorProcess.Start(Args("first"));
        await Eventually.TrueAsync(async () => await HolderAsync(op) == "first", "the first manager to lead", seconds: 30);
        await using var second = OperatorProcess.Start(Args("second"));
        await op.CreateNetworkAsync("one", Spec());
        await Eventually.TrueAsync(async () => await op.ConditionAsync("one", "Ready") == "True/Rendered", "network one, reconciled by the leader", seconds: 30);
        await first.TerminateAsync();
        await Eventually.TrueAsync(async () => await HolderAsync(op) == "second", "the second manager to take the released Lease", seconds: 10);
        await op.CreateNetworkAsync("two", Spec());
        await Eventually.TrueAsync(async () => await op.ConditionAsync("two", "Ready") == "True/Rendered", "network two, reconciled by the new leader", seconds: 30);

        Assert.Equal(0, first.ExitCode);
        var nadCreates = op.Cluster.Server.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/network-attachment-definitions", StringComparison.Ordinal));
        Assert.Equal(2, nadCreates);
    }

    private static JsonObject Spec() => new()
    {
        ["type"] = "macvlan",
        ["master"] = "eth1",
        ["ipam"] = new JsonObject { ["raw"] = new JsonObject { ["type"] = "dhcp" } },
        ["namespaces"] = new JsonArray("apps"),
    };

    private static async Task<string?> HolderAsync(OperatorCluster op)
    {
        try
        {
            var lease = await op.Client.CoordinationV1.ReadNamespacedLeaseAsync("multi-manager", "default", cancellationToken: TestContext.Current.CancellationToken);
            return lease.Spec?.HolderIdentity;
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            return null;
        }
    }
}
