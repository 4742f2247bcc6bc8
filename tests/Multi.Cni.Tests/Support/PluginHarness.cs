using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Multi.Cni;
using Multi.Core.Cni;

namespace Multi.Cni.Tests.Support;

/// <summary>Runs the dispatcher in-process with a fake executor, as the binary would with env and stdin.</summary>
internal sealed class PluginHarness(FakePluginExecutor executor, TimeProvider? clock = null)
{
    public StringWriter Stderr { get; } = new();

    public FakeInterfaceProbe Interfaces { get; } = new();

    public FakePluginExecutor Executor => executor;

    public FakeRouteEditor Routes { get; } = new();

    /// <summary>The API the plugin gets in Kubernetes mode; null means no client (the configuration must not name a kubeconfig).</summary>
    public Multi.Cni.Kube.IKubeApiFactory? Kube { get; set; }

    public async Task<(PluginOutcome Outcome, JsonObject? Json)> RunAsync(string command, JsonObject config, string containerId = "c1", string? netns = "/var/run/netns/pod1", string ifName = "eth0", string? cniArgs = null, string? cniPath = "/opt/cni/bin")
    {
        var env = new CniEnvironment(command, containerId, netns, ifName, cniArgs, cniPath);
        var dispatcher = new Dispatcher(executor, Interfaces, Routes, Kube, clock ?? new FakeTimeProvider(DateTimeOffset.UnixEpoch), Stderr);
        var outcome = await dispatcher.RunAsync(env, Encoding.UTF8.GetBytes(config.ToJsonString()), TestContext.Current.CancellationToken);
        return (outcome, outcome.Stdout.Length == 0 ? null : JsonNode.Parse(outcome.Stdout) as JsonObject);
    }

    public static uint Code(JsonObject? error) => error?["code"]?.GetValue<uint>() ?? 0;

    public static string Msg(JsonObject? error) => error?["msg"]?.GetValue<string>() ?? string.Empty;
}
