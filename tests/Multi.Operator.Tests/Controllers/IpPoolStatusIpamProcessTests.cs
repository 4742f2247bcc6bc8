using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using Multi.Operator.Entities;
using Multi.Operator.Tests.Support;
using Multi.Testing;

namespace Multi.Operator.Tests.Controllers;

/// <summary>The pool status against real allocators: published <c>multi-ipam</c> processes claiming and releasing at once.</summary>
public sealed class IpPoolStatusIpamProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentMultiIpamProcesses_AllocateAndRelease_StatusEndsExact()
    {
        if (!IpamProcess.Exists)
        {
            Assert.Skip($"{IpamProcess.Binary} is missing (dotnet publish src/MetaPlugin -c Release -r linux-x64 -o artifacts/cni, then copy multi to multi-ipam)");
        }

        await using var op = await OperatorCluster.StartAsync();
        await op.Client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject { ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "IPPool", ["metadata"] = new JsonObject { ["name"] = "race" }, ["spec"] = new JsonObject { ["cidr"] = "10.9.0.0/26" } },
            IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural, cancellationToken: Ct);
        var journal = Path.Combine(op.Cluster.Directory, "journal");
        await IpamProcess.InitJournalAsync(journal, Ct);
        var config = new JsonObject
        {
            ["cniVersion"] = "1.1.0",
            ["name"] = "net1",
            ["type"] = "macvlan",
            ["ipam"] = new JsonObject { ["type"] = "multi-ipam", ["kubeconfig"] = Path.Combine(op.Cluster.Directory, "kubeconfig"), ["journalDir"] = journal, ["pool"] = "race" },
        };
        var live = new ConcurrentDictionary<string, string>();
        var failures = new ConcurrentQueue<string>();

        // 8 allocators, 6 ADDs each on a 62-address pool; every second attachment is released again at once.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 6; i++)
            {
                var id = $"w{worker}-{i}";
                var args = $"IgnoreUnknown=1;K8S_POD_NAMESPACE=apps;K8S_POD_NAME={id};K8S_POD_UID={id}";
                var (added, stdout) = await IpamProcess.RunAsync("ADD", config, id, "node-a", args, ct: Ct);
                if (added != 0)
                {
                    failures.Enqueue($"ADD {id}: {stdout}");
                }
                else if (i % 2 == 1)
                {
                    var (deleted, output) = await IpamProcess.RunAsync("DEL", config, id, "node-a", args, ct: Ct);
                    if (deleted != 0)
                    {
                        failures.Enqueue($"DEL {id}: {output}");
                    }
                }
                else
                {
                    live[id] = JsonNode.Parse(stdout)!["ips"]![0]!["address"]!.GetValue<string>();
                }
            }
        }, Ct)));
        var claims = JsonNode.Parse(KubernetesJson.Serialize(await op.Client.CustomObjects.ListClusterCustomObjectAsync(
            IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural, labelSelector: "multi.dev/pool=race", cancellationToken: Ct)))!["items"]!.AsArray();

        var pool = await Eventually.ValueAsync(() => op.GetPoolAsync("race"), p => p?.Status?.Allocated == live.Count, "the status to count the live claims");

        Assert.Empty(failures);
        Assert.Equal(24, live.Count);
        Assert.Equal(24, claims.Count);
        Assert.Equal(24, live.Values.Distinct().Count());
        Assert.Equal(("62", "38"), (pool!.Status!.Capacity, pool.Status.Free));
    }
}
