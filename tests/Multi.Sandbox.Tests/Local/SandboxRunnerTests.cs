using Multi.Sandbox.Host;
using Multi.Sandbox.Local;

namespace Multi.Sandbox.Tests.Local;

/// <summary>The README's main job, end to end: up, connectivity, status, down with nothing left behind.</summary>
public sealed class SandboxRunnerTests
{
    [Fact]
    public async Task UpProbeStatusDown_RunsEndToEndAndLeavesNothingBehind()
    {
        Assert.SkipUnless(HostCommand.IsRoot, "requires root: the sandbox creates network namespaces");
        var topology = new SandboxTopology("mst" + Guid.NewGuid().ToString("N")[..4], Path.Combine(Path.GetTempPath(), "multi-sandbox-test-" + Guid.NewGuid().ToString("N")[..8]));
        var steps = new List<string>();
        var runner = new SandboxRunner(topology, steps.Add);
        try
        {
            var pods = await runner.UpAsync();
            var probes = await runner.ProbeAsync(pods);
            var status = await runner.StatusAsync();
            var report = await runner.DownAsync();

            Assert.Equal(["pod-a", "pod-b"], pods.Select(p => p.Pod));
            Assert.All(pods, p => Assert.Equal(["eth0", "lo", "net1", "net2"], p.Interfaces.Select(i => i.Name).Order()));
            Assert.All(pods, p => Assert.All(p.Interfaces.Where(i => i.Name != "lo"), i => Assert.Single(i.GlobalAddresses)));
            Assert.Equal(2, probes.Count);
            Assert.All(probes, p => Assert.True(p.Reached, $"{p.From} → {p.To} over {p.Network} ({p.Address})"));
            Assert.Equal(pods.Select(p => p.ContainerId), status.Select(p => p.ContainerId));
            Assert.Empty(report.Leftovers);
            Assert.False(NetworkNamespace.Existing(topology.NodeNamespace).Exists);
            Assert.All(topology.Pods, p => Assert.False(NetworkNamespace.Existing(topology.PodNamespace(p)).Exists));
            Assert.False(Directory.Exists(topology.StateDir));
            Assert.Contains(steps, s => s.Contains("CNI ADD through multi", StringComparison.Ordinal));
        }
        finally
        {
            await CleanUpAsync(topology);
        }
    }

    [Fact]
    public async Task Up_WhenAlreadyUp_RefusesAndNamesTheStateFile()
    {
        Assert.SkipUnless(HostCommand.IsRoot, "requires root: the sandbox creates network namespaces");
        var topology = new SandboxTopology("msu" + Guid.NewGuid().ToString("N")[..4], Path.Combine(Path.GetTempPath(), "multi-sandbox-test-" + Guid.NewGuid().ToString("N")[..8]));
        Directory.CreateDirectory(topology.StateDir);
        File.WriteAllText(topology.StateFile, "{}");
        try
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new SandboxRunner(topology, _ => { }).UpAsync());

            Assert.Contains(topology.StateFile, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(topology.StateDir, recursive: true);
        }
    }

    private static async Task CleanUpAsync(SandboxTopology topology)
    {
        foreach (var name in topology.Pods.Select(topology.PodNamespace).Append(topology.NodeNamespace))
        {
            await NetworkNamespace.Existing(name).DisposeAsync();
        }

        if (Directory.Exists(topology.StateDir))
        {
            Directory.Delete(topology.StateDir, recursive: true);
        }
    }
}
