using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Bench.Webhook;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.Host;
using Multi.Testing;

// The admission webhook's review latency (issue #16): a manager process against the embedded API server with NADs, pools
// and networks in its caches, serving the webhook over HTTPS on loopback; one keep-alive HTTPS connection sends each kind
// of review in turn, sequentially (the API server's own pattern per request), then --concurrency connections at once.
// Target: p99 ≤ 5 ms per review.
var reviews = Arg("--reviews", 2000);
var warmup = Arg("--warmup", 300);
var concurrency = Arg("--concurrency", 8);
var output = ArgText("--output", Path.Combine(RepoLayout.Root, "bench", "results", "webhook.md"));
var loadAtStart = File.ReadAllText("/proc/loadavg").Split(' ')[0];
var command = (Environment.GetEnvironmentVariable("BENCH_OPERATOR_BINARY") is { Length: > 0 } b ? $"BENCH_OPERATOR_BINARY={b} " : "") + "dotnet run -c Release --project bench/Multi.Bench.Webhook -- " + string.Join(' ', args);

using var dir = new TempDir();
await using var server = new EmbeddedApiServer(new EmbeddedApiServerOptions());
await server.StartAsync();
var kubeconfig = Path.Combine(dir.Path, "kubeconfig");
server.WriteKubeconfig(kubeconfig);
using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
await Population.CreateAsync(client);

using var tls = TestTls.Create();
tls.WriteTo(Path.Combine(dir.Path, "certs"));
var port = FreePort();
// BENCH_OPERATOR_BINARY names the NativeAOT executable (as Multi.Bench.Operator); by default the JIT build next to the bench.
var native = Environment.GetEnvironmentVariable("BENCH_OPERATOR_BINARY") is { Length: > 0 } binary ? Path.GetFullPath(binary) : null;
var operatorArgs = new[]
{
    "--Operator:Mode=manager", $"--Operator:Kubeconfig={kubeconfig}", "--Operator:LeaderElection=false",
    "--Operator:ProbeAddress=", "--Logging:LogLevel:Default=Warning", "--Operator:Webhook:Enabled=true", "--Operator:Webhook:Address=127.0.0.1",
    $"--Operator:Webhook:Port={port}", $"--Operator:Webhook:CertDir={Path.Combine(dir.Path, "certs")}",
};
var info = native is null
    ? new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll"), .. operatorArgs]) { RedirectStandardError = true, RedirectStandardOutput = true }
    : new ProcessStartInfo(native, operatorArgs) { RedirectStandardError = true, RedirectStandardOutput = true };
using var manager = Process.Start(info)!;
manager.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("operator: " + e.Data); };
manager.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("operator: " + e.Data); };
manager.BeginErrorReadLine();
manager.BeginOutputReadLine();
try
{
    var baseAddress = new Uri($"https://localhost:{port}");
    using var http = tls.Client(baseAddress);
    await Sender.WaitServingAsync(http, manager);
    var kinds = ReviewBodies.All();
    // The controllers first render the 100 networks' NADs and the pools' status; reviews are timed once the manager's own
    // work has settled (a second with under 20 ms of CPU, or 120 s), so its CPU per review is the reviews'.
    var idleMsPerSecond = double.MaxValue;
    for (var waited = 0; waited < 120 && idleMsPerSecond >= 20; waited++)
    {
        var idleBefore = Cpu(manager);
        await Task.Delay(TimeSpan.FromSeconds(1));
        idleMsPerSecond = (Cpu(manager) - idleBefore).TotalMilliseconds;
    }

    Console.Error.WriteLine($"idle manager CPU {idleMsPerSecond:F1} ms/s");
    var sequential = new List<(string Name, Latency Latency, double CpuMs)>();
    foreach (var (name, path, body) in kinds)
    {
        await Sender.RunAsync(http, path, body, warmup);
        var cpuBefore = Cpu(manager);
        var latency = await Sender.RunAsync(http, path, body, reviews);
        sequential.Add((name, latency, (Cpu(manager) - cpuBefore).TotalMilliseconds / reviews));
        Console.Error.WriteLine($"{name}: {latency}, manager CPU {sequential[^1].CpuMs:F3} ms/review");
    }

    var clients = Enumerable.Range(0, concurrency).Select(_ => tls.Client(baseAddress)).ToList();
    var (podName, podPath, podBody) = kinds[0];
    var parallel = await Task.WhenAll(clients.Select(c => Sender.RunAsync(c, podPath, podBody, reviews / concurrency + warmup)));
    var pooled = Latency.Of(parallel.SelectMany(p => p.Samples).ToList());
    clients.ForEach(c => c.Dispose());
    Console.Error.WriteLine($"{podName}, {concurrency} connections: {pooled}");
    await File.WriteAllTextAsync(output, Report.Render(command, idleMsPerSecond, native is null ? "`Multi.Operator.dll`, JIT, Release" : $"the NativeAOT executable `{native}`", loadAtStart, reviews, warmup, concurrency, sequential, (podName, pooled)));
    Console.WriteLine($"wrote {output}");
}
finally
{
    manager.Kill(entireProcessTree: true);
    await manager.WaitForExitAsync();
}

static TimeSpan Cpu(Process process)
{
    process.Refresh();
    return process.TotalProcessorTime;
}

int Arg(string name, int fallback) => int.Parse(ArgText(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string ArgText(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
