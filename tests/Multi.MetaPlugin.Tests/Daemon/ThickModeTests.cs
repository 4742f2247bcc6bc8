using System.Diagnostics;
using System.Text.Json.Nodes;
using Multi.MetaPlugin.Tests.Integration;

namespace Multi.MetaPlugin.Tests.Daemon;

/// <summary>
/// Thick mode end to end (node-daemon.md, section 6): the published <c>multi</c> as the shim, the node agent's daemon as a
/// separate process in the node's namespace, real pod namespaces, Debian's plugins and the embedded API server.
/// </summary>
public sealed class ThickModeTests : IAsyncLifetime
{
    private const string FellBack = "running in-process";
    private ThickNode thick = null!;

    private TestNode Node => thick.Node;

    public async ValueTask InitializeAsync() => thick = await ThickNode.CreateAsync();

    public async ValueTask DisposeAsync() => await thick.DisposeAsync();

    [Fact]
    public async Task EveryVerb_GoesThroughTheDaemon_WithOneApiRequestOnAddAndNoneOnDel()
    {
        var daemon = await thick.StartDaemonAsync();
        var (pod, netns) = await thick.PodAsync("verbs");

        var before = thick.Kube.Server.RequestCount;
        var add = await thick.AddAsync(pod, netns);
        var addRequests = thick.RequestsSince(before);
        Assert.True(add.Succeeded, add.Stdout + add.Stderr + daemon.Log);
        Assert.DoesNotContain(FellBack, add.Stderr, StringComparison.Ordinal);
        Assert.Equal(["eth0", "lo", "net1", "net2"], await ThickNode.LinksAsync(netns));
        // As Multus: the runtime gets the cluster network's result; the secondaries are in network-status.
        Assert.Equal(["eth0"], add.Json!["interfaces"]!.AsArray().Where(i => i!["sandbox"] is not null).Select(i => i!["name"]!.GetValue<string>()));
        // The status write only; a pod the informer had not seen yet costs one GET more, and is counted.
        Assert.Contains($"PATCH /api/v1/namespaces/default/pods/verbs/status", addRequests);
        Assert.True(addRequests.Count == 1 || (addRequests.Count == 2 && addRequests.Contains("GET /api/v1/namespaces/default/pods/verbs")), string.Join(", ", addRequests));
        var status = (await thick.Kube.ReadPodAsync("default", "verbs")).Metadata.Annotations["k8s.v1.cni.cncf.io/network-status"];
        Assert.Equal(["cluster", "default/storage", "default/backhaul"], JsonNode.Parse(status)!.AsArray().Select(s => s!["name"]!.GetValue<string>()));

        var checkConfig = thick.Config();
        checkConfig["prevResult"] = add.Json!.DeepClone();
        var check = await thick.CheckAsync(pod, netns, checkConfig);
        Assert.True(check.Succeeded, check.Stdout + check.Stderr);
        // STATUS and GC exist from CNI 1.1.0 on.
        var statusVerb = await Node.Runtime.StatusAsync(TestNode.Multi, thick.Config(c => c["cniVersion"] = "1.1.0"));
        Assert.True(statusVerb.Succeeded, statusVerb.Stdout + statusVerb.Stderr);
        var gc = thick.Config(c => c["cniVersion"] = "1.1.0");
        gc["cni.dev/valid-attachments"] = new JsonArray(new JsonObject { ["containerID"] = "ctr-verbs", ["ifname"] = "eth0" });
        var gcVerb = await Node.Runtime.GcAsync(TestNode.Multi, gc);
        Assert.True(gcVerb.Succeeded, gcVerb.Stdout + gcVerb.Stderr);
        Assert.Equal(["eth0", "lo", "net1", "net2"], await ThickNode.LinksAsync(netns));

        before = thick.Kube.Server.RequestCount;
        var del = await thick.DelAsync(pod, netns);
        Assert.True(del.Succeeded, del.Stdout + del.Stderr);
        Assert.Empty(thick.RequestsSince(before));
        Assert.Equal(["lo"], await ThickNode.LinksAsync(netns));
        Assert.Empty(Node.Leases());
        Assert.DoesNotContain(Node.CacheEntries(), e => e.EndsWith(".json", StringComparison.Ordinal));
        foreach (var verb in new[] { "ADD", "CHECK", "STATUS", "GC", "DEL" })
        {
            Assert.DoesNotContain(FellBack, (verb switch { "CHECK" => check, "STATUS" => statusVerb, "GC" => gcVerb, "DEL" => del, _ => add }).Stderr, StringComparison.Ordinal);
        }

        var served = await daemon.MetricLinesAsync("multi_daemon_requests_total");
        foreach (var verb in new[] { "ADD", "CHECK", "STATUS", "GC", "DEL" })
        {
            Assert.Contains(served, l => l.Contains($"verb=\"{verb}\"", StringComparison.Ordinal) && l.Contains("result=\"ok\"", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
        }

        var version = await Node.Runtime.VersionAsync(TestNode.Multi);
        Assert.True(version.Succeeded);
        Assert.DoesNotContain(await daemon.MetricLinesAsync("multi_daemon_requests_total"), l => l.Contains("verb=\"VERSION\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DaemonKilledInTheMiddleOfAnAdd_TheRuntimesDelLeavesNothing()
    {
        // slowhaul's plugin (ptp) announces itself, then waits before running ptp: the daemon is killed while it runs.
        var marker = Path.Combine(Node.StateDir, "slow-started");
        var slow = Path.Combine(Node.ExtraBinDir, "slow-ptp");
        await File.WriteAllTextAsync(slow, $"#!/bin/sh\ntouch {marker}\nsleep 3\nexec /usr/lib/cni/ptp\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(slow, (UnixFileMode)0b111_101_101);
        var ptp = Node.Ptp();
        ptp["type"] = "slow-ptp";
        await thick.Kube.CreateNadAsync("default", "slowhaul", ptp);
        var daemon = await thick.StartDaemonAsync();
        var (pod, netns) = await thick.PodAsync("killed", "storage,slowhaul");

        var add = thick.AddAsync(pod, netns);
        await Eventually(() => File.Exists(marker), "the slow delegate to start");
        Assert.Contains("eth0", await ThickNode.LinksAsync(netns));
        await daemon.DisposeAsync(); // SIGKILL to the daemon and its delegate children, as an OOM kill of the container does.
        var answered = await add;
        Assert.Contains(FellBack, answered.Stderr, StringComparison.Ordinal);

        var del = await thick.DelAsync(pod, netns);
        Assert.True(del.Succeeded, del.Stdout + del.Stderr);
        Assert.Equal(["lo"], await ThickNode.LinksAsync(netns));
        Assert.Empty(Node.Leases());
        Assert.DoesNotContain(Node.CacheEntries(), e => e.EndsWith(".json", StringComparison.Ordinal));
        Assert.Empty(await Node.HostVethsAsync());
    }

    [Fact]
    public async Task NoDaemon_TheShimRunsTheRequestInProcess()
    {
        var (pod, netns) = await thick.PodAsync("nodaemon");
        var add = await thick.AddAsync(pod, netns);
        Assert.True(add.Succeeded, add.Stdout + add.Stderr);
        Assert.Contains(FellBack, add.Stderr, StringComparison.Ordinal);
        Assert.Equal(["eth0", "lo", "net1", "net2"], await ThickNode.LinksAsync(netns));
        var del = await thick.DelAsync(pod, netns);
        Assert.True(del.Succeeded, del.Stdout + del.Stderr);
        Assert.Equal(["lo"], await ThickNode.LinksAsync(netns));
    }

    [Fact]
    public async Task StoppedDaemon_TheShimWaitsItsBoundThenRunsInProcess_AndTheAbandonedRequestNeverRuns()
    {
        var daemon = await thick.StartDaemonAsync();
        var (pod, netns) = await thick.PodAsync("stopped");
        var config = thick.Config(c => c["delegateTimeoutSeconds"] = 2);
        await daemon.SignalAsync("STOP");
        var watch = Stopwatch.StartNew();
        var add = await thick.AddAsync(pod, netns, config);
        watch.Stop();
        Assert.True(add.Succeeded, add.Stdout + add.Stderr);
        Assert.Contains(FellBack, add.Stderr, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));

        // The daemon resumes with the abandoned request in its socket's queue: it must not run it over the in-process ADD.
        await daemon.SignalAsync("CONT");
        var del = await thick.DelAsync(pod, netns, config);
        Assert.True(del.Succeeded, del.Stdout + del.Stderr + daemon.Log);
        Assert.Equal(["lo"], await ThickNode.LinksAsync(netns));
        Assert.Empty(Node.Leases());
        Assert.Empty(await Node.HostVethsAsync());
        Assert.Equal(0, await daemon.MetricAsync("multi_daemon_requests_total{plugin=\"multi\",verb=\"ADD\",result=\"ok\"}"));
    }

    [Fact]
    public async Task SixtyFourConcurrentPods_AllAttachThroughTheDaemon_ThenAllDetach()
    {
        var daemon = await thick.StartDaemonAsync();
        var pods = new List<(k8s.Models.V1Pod Pod, Sandbox.Host.NetworkNamespace Netns)>();
        for (var i = 0; i < 64; i++)
        {
            pods.Add(await thick.PodAsync($"burst-{i}"));
        }

        var adds = await Task.WhenAll(pods.Select(p => thick.AddAsync(p.Pod, p.Netns)));
        Assert.All(adds, a => Assert.True(a.Succeeded, a.Stdout + a.Stderr));
        Assert.All(adds, a => Assert.DoesNotContain(FellBack, a.Stderr, StringComparison.Ordinal));
        foreach (var (pod, netns) in pods)
        {
            Assert.Equal(["eth0", "lo", "net1", "net2"], await ThickNode.LinksAsync(netns));
            Assert.Contains("k8s.v1.cni.cncf.io/network-status", (await thick.Kube.ReadPodAsync("default", pod.Metadata.Name)).Metadata.Annotations.Keys);
        }

        var addresses = adds.SelectMany(a => a.Json!["ips"]!.AsArray().Select(ip => ip!["address"]!.GetValue<string>())).ToList();
        Assert.Equal(addresses.Count, addresses.Distinct().Count());
        var dels = await Task.WhenAll(pods.Select(p => thick.DelAsync(p.Pod, p.Netns)));
        Assert.All(dels, d => Assert.True(d.Succeeded, d.Stdout + d.Stderr));
        Assert.Empty(Node.Leases());
        Assert.Empty(await Node.HostVethsAsync());
        Assert.Equal(64, await daemon.MetricAsync("multi_daemon_requests_total{plugin=\"multi\",verb=\"ADD\",result=\"ok\"}"));
    }

    [Fact]
    public async Task DelWithTheApiServerAndTheDaemonBothDown_SucceedsFromTheCache()
    {
        var daemon = await thick.StartDaemonAsync();
        var (pod, netns) = await thick.PodAsync("alldown");
        var add = await thick.AddAsync(pod, netns);
        Assert.True(add.Succeeded, add.Stdout + add.Stderr);
        await daemon.DisposeAsync();
        await thick.Kube.StopApiServerAsync();

        var watch = Stopwatch.StartNew();
        var del = await thick.DelAsync(pod, netns);
        Assert.True(del.Succeeded, del.Stdout + del.Stderr);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.Equal(["lo"], await ThickNode.LinksAsync(netns));
        Assert.Empty(Node.Leases());
        Assert.Empty(await Node.HostVethsAsync());
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting for {what}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
