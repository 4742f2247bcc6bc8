using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Core;
using Multi.MetaPlugin.Tests.Integration;
using Multi.Sandbox.Host;

namespace Multi.MetaPlugin.Tests.Hardening;

/// <summary>
/// <c>kill -9</c> in the middle of ADD, then the runtime's DEL (issue #11): with the real bridge and host-local delegates
/// in a real pod namespace, nothing of the container may remain — no link in the pod or on the node, no lease, no cache
/// entry, lock or temporary file.
/// </summary>
public sealed class KillDuringAddTests : IAsyncLifetime
{
    private const int Trials = 200;
    private TestNode node = null!;

    public async ValueTask InitializeAsync() => node = await TestNode.CreateAsync();

    public async ValueTask DisposeAsync() => await node.DisposeAsync();

    private static string PodArgs => "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=victim";

    [Fact]
    public async Task Del_AfterAddKilledAtRandomPoints_LeavesNothingOfTheContainer()
    {
        var pod = await node.PodAsync("victim");
        var config = node.MultiConfig("1.0.0", node.ClusterBridge());
        var random = new Random(Trials); // seeded: a failure names its trial and delay, and replays
        var window = await CalibrateAsync(pod, config);
        var killed = 0;
        var watch = Stopwatch.StartNew();
        var (adds, dels, checks) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

        for (var trial = 0; trial < Trials; trial++)
        {
            var containerId = $"kill-{trial}";
            var delay = TimeSpan.FromMilliseconds(random.NextDouble() * window.TotalMilliseconds);
            var step = Stopwatch.StartNew();
            killed += await AddKilledAfterAsync(config, containerId, pod, delay) ? 1 : 0;
            adds += step.Elapsed;
            step.Restart();

            var del = await node.Runtime.DelAsync(TestNode.Multi, config, containerId, pod.Path, "eth0", PodArgs);
            dels += step.Elapsed;
            step.Restart();

            var where = $"trial {trial}, killed after {delay.TotalMilliseconds:0} ms";
            Assert.True(del.Succeeded, $"{where}: DEL failed: {del.Stdout} {del.Stderr}");
            Assert.Equal([], (await pod.LinksAsync()).Select(l => l.Name).Where(n => n != "lo"));
            Assert.Equal([], await node.HostVethsAsync());
            Assert.True(node.Leases().Count == 0, $"{where}: leases left: {string.Join(", ", node.Leases())}");
            Assert.True(node.CacheEntries().Count == 0, $"{where}: cache files left: {string.Join(", ", node.CacheEntries())}");
            checks += step.Elapsed;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"ADD and waiting {adds.TotalSeconds:0.0} s, DEL {dels.TotalSeconds:0.0} s, checks {checks.TotalSeconds:0.0} s");

        TestContext.Current.TestOutputHelper?.WriteLine($"{Trials} trials in {watch.Elapsed.TotalSeconds:0.0} s, {killed} killed before the end of ADD (window {window.TotalMilliseconds:0} ms)");
        Assert.True(killed >= Trials / 4, $"only {killed} of {Trials} ADDs were killed before they finished");
    }

    /// <summary>How long an undisturbed ADD takes here (the fastest of three; the first creates the bridge): the kill delays spread over it.</summary>
    private async Task<TimeSpan> CalibrateAsync(NetworkNamespace pod, JsonObject config)
    {
        var fastest = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var add = await node.Runtime.AddAsync(TestNode.Multi, config, "calibrate", pod.Path, "eth0", PodArgs);
            add.EnsureSuccess("calibrating ADD");
            (await node.Runtime.DelAsync(TestNode.Multi, config, "calibrate", pod.Path, "eth0", PodArgs)).EnsureSuccess("calibrating DEL");
            fastest = add.Elapsed < fastest ? add.Elapsed : fastest;
        }

        return fastest;
    }

    /// <summary>
    /// Starts ADD as a runtime does, in its own process group, kills <c>multi</c> alone with SIGKILL after
    /// <paramref name="delay"/>, then waits until the delegates it started have finished, as DEL must not race them.
    /// True when the kill came before ADD ended.
    /// </summary>
    private async Task<bool> AddKilledAfterAsync(JsonObject config, string containerId, NetworkNamespace pod, TimeSpan delay)
    {
        var info = new ProcessStartInfo("setsid") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "ip", "netns", "exec", node.Node.Name, TestNode.Multi })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CNI_COMMAND"] = "ADD";
        info.Environment["CNI_CONTAINERID"] = containerId;
        info.Environment["CNI_NETNS"] = pod.Path;
        info.Environment["CNI_IFNAME"] = "eth0";
        info.Environment["CNI_ARGS"] = PodArgs;
        info.Environment["CNI_PATH"] = node.Runtime.CniPath;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(JsonText.Write(config)));
        process.StandardInput.Close();

        await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(delay));
        var exited = process.HasExited;
        if (!exited)
        {
            process.Kill(entireProcessTree: false); // SIGKILL, to multi alone: its delegates run on as orphans
        }

        await process.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);
        await WaitForGroupAsync(process.Id);
        return !exited;
    }

    /// <summary>Waits until no process of the group <paramref name="pgid"/> (setsid made multi its leader) is left.</summary>
    private static async Task WaitForGroupAsync(int pgid)
    {
        var deadline = Stopwatch.StartNew();
        while (GroupIsAlive(pgid))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"the delegates of process group {pgid} did not finish");
            await Task.Delay(2);
        }
    }

    /// <summary>Whether a process of the group is left: /proc/&lt;pid&gt;/stat holds the group after the command's closing parenthesis.</summary>
    private static bool GroupIsAlive(int pgid)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(Path.GetFileName(dir)[0]))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[2] == pgid.ToString(System.Globalization.CultureInfo.InvariantCulture) && fields[0] != "Z")
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return false;
    }
}
