using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Multi.Operator.Tests.Controllers.Reclaim;
using Multi.Operator.Tests.Support;
using Multi.Sandbox.Host;

namespace Multi.Operator.Tests.Deployment;

/// <summary>
/// The NativeAOT operator the image ships (artifacts/image/operator/Multi.Operator, from scripts/image.sh) in manager
/// mode against the embedded API server: every serialization path the manager takes (list and watch of each informer,
/// custom-object writes, status patches, the Lease, claim pages) runs in the trimmed binary, not only in the JIT build.
/// </summary>
public sealed class NativeOperatorTests
{
    private static string Executable => Path.Combine(RepoLayout.Root, "artifacts", "image", "operator", "Multi.Operator");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Manager_NativeBinary_RendersNadsWritesStatusReclaimsAndServesProbes()
    {
        if (!File.Exists(Executable))
        {
            Assert.Skip("artifacts/image/operator/Multi.Operator is missing: scripts/test.sh builds it (bash scripts/image.sh)");
        }

        await using var world = await ReclaimWorld.StartAsync(startManager: false);
        var op = world.Op;
        await world.PoolAsync("pool-a", "10.9.0.0/24");
        var orphan = await world.ClaimAsync("pool-a", "10.9.0.7", "gone-pod", Guid.NewGuid().ToString(), "c1");
        await op.CreateNetworkAsync("one", new JsonObject
        {
            ["type"] = "macvlan",
            ["master"] = "eth1",
            ["ipam"] = new JsonObject { ["raw"] = new JsonObject { ["type"] = "dhcp" } },
            ["namespaces"] = new JsonArray("apps"),
        });
        var port = FreePort();

        await using var manager = OperatorProcess.StartExecutable(Executable,
            "--Operator:Mode=manager", $"--Operator:Kubeconfig={Path.Combine(op.Cluster.Directory, "kubeconfig")}", "--Operator:LeaseNamespace=default",
            "--Operator:Identity=native", $"--Operator:ProbeAddress=http://127.0.0.1:{port}", "--Operator:ReclaimGrace=00:00:01", "--Operator:AuditInterval=00:00:01");

        try
        {
            await ConvergesAsync(world, orphan, port);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{ex.Message}\noperator output:\n{manager.Output}", ex);
        }

        await manager.TerminateAsync();
        Assert.Equal(0, manager.ExitCode);
        // Everything above ran after the executable's start-up pages were unmapped (Hosting/ExecutablePages).
        Assert.Matches(@"unmapped [1-9][0-9]* MiB of read-only pages of \S+Multi\.Operator used only at start", manager.Output);
    }

    [Fact]
    public async Task Agent_ManagerExecutable_ExitsTwoNamingTheMissingMode()
    {
        if (!File.Exists(Executable))
        {
            Assert.Skip("artifacts/image/operator/Multi.Operator is missing: scripts/test.sh builds it (bash scripts/image.sh)");
        }

        // scripts/image.sh publishes this executable for manager mode only; the agent is artifacts/image/agent/Multi.Operator.
        var run = await ProcessRun.RunAsync(Executable, ["--Operator:Mode=agent", "--Operator:NodeName=n1", "--Operator:ProbeAddress="], seconds: 60);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Output}");
        Assert.Contains("Operator:Mode \"agent\" is not in this executable: it was published for manager mode only", run.Output, StringComparison.Ordinal);
    }

    private static async Task ConvergesAsync(ReclaimWorld world, string orphan, int port)
    {
        var op = world.Op;
        await Eventually.TrueAsync(async () => await op.ConditionAsync("one", "Ready") == "True/Rendered", "network one rendered by the native manager", seconds: 60);
        var nad = await op.GetNadAsync("apps", "one");
        Assert.NotNull(nad);
        Assert.Contains("macvlan", nad.Spec.Config, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await op.GetPoolAsync("pool-a"))?.Status?.Capacity == "254", "the pool's status (a /24 without a gateway)", seconds: 30);
        await Eventually.TrueAsync(async () => !(await world.ClaimNamesAsync()).Contains(orphan), "the claim of a pod that never existed, reclaimed", seconds: 30);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz", Ct)).StatusCode);
        var metrics = await http.GetStringAsync("/metrics", Ct);
        Assert.Contains("controller_runtime_reconcile_total", metrics, StringComparison.Ordinal);
        Assert.Contains("informer_objects", metrics, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
