using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Multi.Operator.NodeAgent.CniServer;
using Multi.Operator.Tests.Support;
using Multi.Testing;
using Prometheus;

namespace Multi.Operator.Tests.CniServer;

/// <summary>
/// A socket server in a temporary directory with script delegates: <c>fake</c> answers at once, <c>slow</c> after
/// <see cref="SlowSeconds"/>; both append "command container ifname start|end nanoseconds" lines to <see cref="Log"/>.
/// </summary>
internal sealed class DaemonHarness : IAsyncDisposable
{
    public const double SlowSeconds = 0.6;

    private readonly TempDir dir = new();
    private readonly CancellationTokenSource stop = new();
    private Task? serving;

    public DaemonHarness(int maxConcurrent = 4, int maxQueued = 16, TimeSpan? shutdownTimeout = null)
    {
        Directory.CreateDirectory(BinDir);
        Options = new DaemonOptions
        {
            Enabled = true,
            SocketPath = Path.Combine(dir.Path, "run", "multi.sock"),
            MaxConcurrent = maxConcurrent,
            MaxQueued = maxQueued,
            ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(30),
        };
        Metrics = new DaemonMetrics(Prometheus.Metrics.NewCustomRegistry());
        Script("fake", 0);
        Script("slow", SlowSeconds);
    }

    public DaemonOptions Options { get; }

    public DaemonMetrics Metrics { get; }

    public string Root => dir.Path;

    public string BinDir => dir["bin"];

    public string Log => dir["delegates.log"];

    public string SocketPath => Options.SocketPath;

    public CniSocketServer? Server { get; private set; }

    public CniRequestGate? Gate { get; private set; }

    /// <summary>A multi configuration whose one delegate (the cluster network) is the script of <paramref name="type"/>.</summary>
    public byte[] Config(string type) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "multi-net",
        ["type"] = "multi",
        ["cniDir"] = dir["cni"],
        ["binDir"] = BinDir,
        ["delegates"] = new JsonArray(new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = "cluster", ["type"] = type }),
    }.ToJsonString());

    public void Start()
    {
        var runner = new CniRequestRunner(new TestNodeApiAccess(), "node-1", Metrics, TimeProvider.System, new Random(1));
        Gate = new CniRequestGate(Options, Metrics, TimeProvider.System);
        Server = new CniSocketServer(Options, Gate, runner, Metrics, TimeProvider.System, NullLogger<CniSocketServer>.Instance);
        Server.Start();
        serving = Server.ServeAsync(stop.Token);
    }

    /// <summary>Stops accepting and waits for the graceful shutdown to end.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        if (serving is not null)
        {
            await serving;
        }
    }

    public IReadOnlyList<string> LogLines() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    public Task WaitForLogAsync(Func<IReadOnlyList<string>, bool> condition, string what) =>
        Eventually.TrueAsync(() => Task.FromResult(condition(LogLines())), what);

    public double Sample(Collector collector, params string[] labels) => collector switch
    {
        Counter c => c.WithLabels(labels).Value,
        Gauge g => g.WithLabels(labels).Value,
        _ => throw new ArgumentException("a counter or a gauge", nameof(collector)),
    };

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        stop.Dispose();
        dir.Dispose();
    }

    private void Script(string type, double sleep)
    {
        var path = Path.Combine(BinDir, type);
        var result = """{"cniVersion":"1.0.0","interfaces":[{"name":"'"$CNI_IFNAME"'","sandbox":"'"$CNI_NETNS"'"}],"ips":[{"address":"10.1.1.2/24","interface":0}]}""";
        File.WriteAllText(path, $"""
            #!/bin/sh
            cat >/dev/null
            echo "$CNI_COMMAND $CNI_CONTAINERID $CNI_IFNAME start $(date +%s%N)" >> {Log}
            {(sleep > 0 ? $"sleep {sleep:0.###}" : ":")}
            echo "$CNI_COMMAND $CNI_CONTAINERID $CNI_IFNAME end $(date +%s%N)" >> {Log}
            if [ "$CNI_COMMAND" = ADD ]; then echo '{result}'; fi
            exit 0

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
