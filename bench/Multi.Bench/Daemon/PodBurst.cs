using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Bench.Kubernetes;
using Multi.Bench.Measurement;
using Multi.Bench.Pods;
using Multi.Sandbox.Host;
using Multi.Sandbox.Runtime;

namespace Multi.Bench.Daemon;

/// <summary>
/// Many pods at once, as a node sees them after a rollout or a drain: the pod objects are created first, then
/// <c>concurrency</c> workers each take a pod, make its namespace, call ADD then DEL through <c>multi</c> and remove the
/// namespace. Every ADD must attach all three interfaces and every DEL must leave only <c>lo</c>; failures are counted, not
/// fatal, so the report says how many there were.
/// </summary>
internal sealed class PodBurst(ContainerRuntime runtime, string multiBinary, HttpClient http, string ns, string node, Action<string> progress)
{
    public async Task<BurstResult> RunAsync(string path, JsonObject config, int pods, int concurrency, DaemonProcess? daemon)
    {
        var names = new List<(string Name, string Uid)>(pods);
        for (var i = 0; i < pods; i++)
        {
            names.Add(await KubeObjects.CreatePodAsync(http, ns, $"burst-{path}-{i}", node).ConfigureAwait(false));
        }

        var adds = new ConcurrentBag<double>();
        var dels = new ConcurrentBag<double>();
        var failures = new ConcurrentQueue<string>();
        using var sampling = new CancellationTokenSource();
        var peak = daemon is null ? null : SamplePeakAsync(daemon, sampling.Token);
        var next = -1;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            for (var i = Interlocked.Increment(ref next); i < pods; i = Interlocked.Increment(ref next))
            {
                try
                {
                    var (add, del) = await RunPodAsync(path, config, names[i], i).ConfigureAwait(false);
                    adds.Add(add);
                    dels.Add(del);
                }
                catch (Exception ex) when (ex is InvalidOperationException or IOException)
                {
                    failures.Enqueue(ex.Message);
                }
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        watch.Stop();
        await sampling.CancelAsync().ConfigureAwait(false);
        double? peakRss = peak is null ? null : Math.Round(await peak.ConfigureAwait(false), 1);
        var wall = watch.Elapsed.TotalSeconds;
        progress($"burst {path}: {pods} pods at {concurrency} in {wall:0.0} s, {failures.Count} failures{(peakRss is { } p ? $", daemon peak {p:0.0} MiB" : "")}");
        return new BurstResult(path, pods, concurrency, Math.Round(wall, 2), Math.Round(pods / wall, 1), failures.Count, failures.TryPeek(out var first) ? first : null,
            Distribution.Of(adds.DefaultIfEmpty(0)), Distribution.Of(dels.DefaultIfEmpty(0)), peakRss);
    }

    private async Task<(double Add, double Del)> RunPodAsync(string path, JsonObject config, (string Name, string Uid) pod, int index)
    {
        var netns = await NetworkNamespace.CreateAsync($"mbn-b{path[0]}{index}").ConfigureAwait(false);
        await using (netns.ConfigureAwait(false))
        {
            var containerId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(pod.Name)));
            var args = KubeObjects.PodArgs(ns, pod, containerId);
            var add = (await runtime.AddAsync(multiBinary, config, containerId, netns.Path, "eth0", args).ConfigureAwait(false)).EnsureSuccess($"{path} ADD of {pod.Name}");
            await PodInterfaces.ExpectAsync(netns, PodInterfaces.Attached, $"after {path} ADD").ConfigureAwait(false);
            var del = (await runtime.DelAsync(multiBinary, config, containerId, netns.Path, "eth0", args).ConfigureAwait(false)).EnsureSuccess($"{path} DEL of {pod.Name}");
            await PodInterfaces.ExpectAsync(netns, PodInterfaces.Detached, $"after {path} DEL").ConfigureAwait(false);
            return (Distribution.Round(add.Elapsed.TotalMilliseconds), Distribution.Round(del.Elapsed.TotalMilliseconds));
        }
    }

    /// <summary>The daemon's highest VmRSS, read every 50 ms until cancelled.</summary>
    private static async Task<double> SamplePeakAsync(DaemonProcess daemon, CancellationToken stop)
    {
        var peak = 0.0;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, daemon.Memory().Rss);
            try
            {
                await Task.Delay(50, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return Math.Max(peak, daemon.Memory().Rss);
    }
}
