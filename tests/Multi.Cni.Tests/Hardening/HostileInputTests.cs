using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Cni;
using Multi.Cni.Tests.Support;
using Multi.Core.Cni;
using Multi.Testing;

namespace Multi.Cni.Tests.Hardening;

/// <summary>
/// The classes of input issue #11 found breaking "every failure is one CNI error JSON": oversized values, values the OS
/// rejects, undecodable annotations, temporary files left by a killed ADD, and DEL without a cache or an API server.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(5);
    private readonly TempDir dir = new();
    private readonly FakePluginExecutor fake = new();

    public void Dispose() => dir.Dispose();

    private PluginHarness Harness() => new(fake, TimeProvider.System);

    private JsonObject Config() => MetaConfig.Standard(dir["cache"]);

    public static TheoryData<string, string> PathKeys => new()
    {
        { "cniDir", "cniDir" }, { "confDir", "confDir" }, { "binDir", "binDir" }, { "logFile", "logFile" }, { "kubeconfig", "kubeconfig" },
        { "readinessindicatorfile", "readinessindicatorfile" }, { "multusCniDir", "multusCniDir" }, { "clusterNetwork", "clusterNetwork" },
    };

    [Theory]
    [MemberData(nameof(PathKeys))]
    public async Task Add_NulInAPathKey_FailsWith7NamingTheKey(string key, string mentions)
    {
        var (outcome, error) = await Harness().RunAsync("ADD", Config().With(key, "/var/lib/a\0b"));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(7u, PluginHarness.Code(error));
        Assert.Contains($"\"{mentions}\"", PluginHarness.Msg(error), StringComparison.Ordinal);
        Assert.Contains("NUL", PluginHarness.Msg(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(5000)]
    [InlineData(1_000_000)]
    public async Task Add_OversizedCniDir_FailsAtOnceWith7NamingTheLimit(int length)
    {
        var watch = Stopwatch.StartNew();
        var (outcome, error) = await Harness().RunAsync("ADD", Config().With("cniDir", "/" + new string('d', length)));

        Assert.True(watch.Elapsed < Fast, $"took {watch.Elapsed}");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(7u, PluginHarness.Code(error));
        Assert.Contains("\"cniDir\"", PluginHarness.Msg(error), StringComparison.Ordinal);
        Assert.Contains("limit", PluginHarness.Msg(error), StringComparison.Ordinal);
        Assert.Empty(fake.Calls);
    }

    [Theory]
    [InlineData("ADD", 201)]
    [InlineData("ADD", 246)]
    [InlineData("DEL", 246)]
    [InlineData("DEL", 100_000)]
    public async Task Run_OversizedContainerId_FailsAtOnceWith4NamingTheLimit(string command, int length)
    {
        var watch = Stopwatch.StartNew();
        var (outcome, error) = await Harness().RunAsync(command, Config(), containerId: new string('c', length));

        Assert.True(watch.Elapsed < Fast, $"took {watch.Elapsed}");
        Assert.Equal(4u, PluginHarness.Code(error));
        Assert.Contains("CNI_CONTAINERID", PluginHarness.Msg(error), StringComparison.Ordinal);
        Assert.Contains($"limit is {InputLimits.MaxContainerIdBytes} bytes", PluginHarness.Msg(error), StringComparison.Ordinal);
        Assert.True(PluginHarness.Msg(error).Length < 400, "the message quotes the value in full");
        Assert.Equal(1, outcome.ExitCode);
    }

    [Fact]
    public async Task Add_LongestContainerIdAndInterfaceName_Succeeds()
    {
        var (outcome, _) = await Harness().RunAsync("ADD", Config(), containerId: new string('c', InputLimits.MaxContainerIdBytes), ifName: new string('e', 15));

        Assert.Equal(0, outcome.ExitCode);
    }

    [Fact]
    public async Task Add_NetnsIsAFifo_FailsAtOnceWith4()
    {
        var fifo = dir["fifo"];
        Assert.Equal(0, (await Multi.Sandbox.Host.HostCommand.RunAsync("mkfifo", fifo)).ExitCode);

        var run = Harness().RunAsync("ADD", Config(), netns: fifo);
        var (outcome, error) = await run.WaitAsync(Fast, TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(4u, PluginHarness.Code(error));
        Assert.Contains("CNI_NETNS", PluginHarness.Msg(error), StringComparison.Ordinal);
        Assert.Empty(fake.Calls);
    }

    [Fact]
    public async Task Add_ClusterNetworkIsAFifo_FailsAtOnceWith5()
    {
        var fifo = dir["net.conf"];
        Assert.Equal(0, (await Multi.Sandbox.Host.HostCommand.RunAsync("mkfifo", fifo)).ExitCode);
        var config = Config().With("clusterNetwork", fifo);

        var (outcome, error) = await Harness().RunAsync("ADD", config).WaitAsync(Fast, TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(5u, PluginHarness.Code(error));
        Assert.Contains("not a regular file", error!["details"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_LogFileIsAFifo_SucceedsWithoutBlocking()
    {
        var fifo = dir["log"];
        Assert.Equal(0, (await Multi.Sandbox.Host.HostCommand.RunAsync("mkfifo", fifo)).ExitCode);
        var harness = Harness();

        var (outcome, _) = await harness.RunAsync("ADD", Config().With("logFile", fifo).With("logLevel", "debug")).WaitAsync(Fast, TestContext.Current.CancellationToken);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("not a regular file", harness.Stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_CniDirIsAFile_FailsAtOnceWith102()
    {
        File.WriteAllText(dir["file"], "x");

        var watch = Stopwatch.StartNew();
        var (_, error) = await Harness().RunAsync("ADD", Config().With("cniDir", dir["file"]));

        Assert.True(watch.Elapsed < Fast, $"took {watch.Elapsed}");
        Assert.Equal(102u, PluginHarness.Code(error));
    }

    [Fact]
    public async Task Del_EntryLockHeldBriefly_WaitsForItAndSucceeds()
    {
        var lockPath = Path.Combine(dir["cache"], "attachments", "multi-net", "c1@eth0.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var watch = Stopwatch.StartNew();

        var del = Harness().RunAsync("DEL", Config());
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(del.IsCompleted, "DEL did not wait for the lock");
        await held.DisposeAsync();
        var (outcome, error) = await del.WaitAsync(Fast, TestContext.Current.CancellationToken);

        Assert.True(outcome.ExitCode == 0, error?.ToJsonString());
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Del_EntryLockHeldThroughout_FailsWith11AfterTheTimeout()
    {
        var lockPath = Path.Combine(dir["cache"], "attachments", "multi-net", "c1@eth0.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        using var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var (_, error) = await Harness().RunAsync("DEL", Config().With("delegateTimeoutSeconds", 0.2)).WaitAsync(Fast, TestContext.Current.CancellationToken);

        Assert.Equal(11u, PluginHarness.Code(error));
    }

    [Fact]
    public async Task Run_OversizedStdin_FailsWith7NamingTheLimit()
    {
        var config = Config().With("padding", new string(' ', InputLimits.MaxDocumentBytes));
        var dispatcher = new Dispatcher(fake, new FakeInterfaceProbe(), new FakeRouteEditor(), null, TimeProvider.System, TextWriter.Null);

        var outcome = await dispatcher.RunAsync(new CniEnvironment("ADD", "c1", "/p", "eth0", null, null), Encoding.UTF8.GetBytes(config.ToJsonString()), TestContext.Current.CancellationToken);

        var error = JsonNode.Parse(outcome.Stdout)!.AsObject();
        Assert.Equal(7u, PluginHarness.Code(error));
        Assert.Contains($"{InputLimits.MaxDocumentBytes} bytes", PluginHarness.Msg(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"k8s.v1.cni.cncf.io/networks":"net-a\ud800"}""", "k8s.v1.cni.cncf.io/networks")]
    [InlineData("""{"v1.multus-cni.io/default-network":"\udc00"}""", "v1.multus-cni.io/default-network")]
    [InlineData("""{"k8s.v1.cni.cncf.io/networks":"[{\"name\":\"a\"}]","\ud800":"x"}""", "k8s.v1.cni.cncf.io/networks")]
    public async Task Add_AnnotationWithALoneSurrogate_FailsWith103NamingThePodAndTheAnnotation(string annotations, string mentions)
    {
        var api = new FakeKubeApi();
        api.AddPod("default", "web", "uid-1", annotations);
        var harness = new PluginHarness(fake, TimeProvider.System) { Kube = api };

        var (outcome, error) = await harness.RunAsync("ADD", Config().With("kubeconfig", "/etc/kubeconfig"), cniArgs: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=web");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(103u, PluginHarness.Code(error));
        Assert.Contains("pod default/web", PluginHarness.Msg(error), StringComparison.Ordinal);
        Assert.Contains(mentions, PluginHarness.Msg(error), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", harness.Stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_NadConfigWithALoneSurrogate_FailsWith104NamingTheNad()
    {
        var api = new FakeKubeApi();
        api.AddPod("default", "web", "uid-1", """{"k8s.v1.cni.cncf.io/networks":"bad"}""");
        api.AddNad("default", "bad", "\"{\\\"cniVersion\\\":\\\"1.0.0\\\",\\\"type\\\":\\\"macvlan\\ud800\\\"}\"");
        var harness = new PluginHarness(fake, TimeProvider.System) { Kube = api };

        var (_, error) = await harness.RunAsync("ADD", Config().With("kubeconfig", "/etc/kubeconfig"), cniArgs: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=web");

        Assert.Equal(104u, PluginHarness.Code(error));
        Assert.Contains("default/bad", PluginHarness.Msg(error), StringComparison.Ordinal);
        Assert.Contains("Unicode", PluginHarness.Msg(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_AnnotationSelectingTooManyNetworks_FailsWith103NamingTheLimit()
    {
        var api = new FakeKubeApi();
        api.AddPod("default", "web", "uid-1", $$"""{"k8s.v1.cni.cncf.io/networks":"{{string.Join(',', Enumerable.Repeat("a", 1000))}}"}""");
        var harness = new PluginHarness(fake, TimeProvider.System) { Kube = api };

        var (_, error) = await harness.RunAsync("ADD", Config().With("kubeconfig", "/etc/kubeconfig"), cniArgs: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=web");

        Assert.Equal(103u, PluginHarness.Code(error));
        Assert.Contains($"the limit is {InputLimits.MaxAttachments}", PluginHarness.Msg(error), StringComparison.Ordinal);
        Assert.Equal(1, api.RequestCount);
    }

    [Fact]
    public async Task Del_TemporaryFilesOfAKilledAdd_RemovesThemAndOnlyThem()
    {
        var harness = Harness();
        Assert.Equal(0, (await harness.RunAsync("ADD", Config())).Outcome.ExitCode);
        var entryDir = Path.Combine(dir["cache"], "attachments", "multi-net");
        File.WriteAllText(Path.Combine(entryDir, ".c1@eth0.json.4242.tmp"), "{");
        File.WriteAllText(Path.Combine(entryDir, ".c1@eth0.json.77.tmp"), "{");
        File.WriteAllText(Path.Combine(entryDir, ".c2@eth0.json.4242.tmp"), "{");

        var (outcome, _) = await harness.RunAsync("DEL", Config());

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal([".c2@eth0.json.4242.tmp"], Directory.EnumerateFiles(entryDir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Gc_TemporaryFilesOfInvalidAttachments_RemovesThem()
    {
        var entryDir = Path.Combine(dir["cache"], "attachments", "multi-net");
        Directory.CreateDirectory(entryDir);
        File.WriteAllText(Path.Combine(entryDir, ".gone@eth0.json.4242.tmp"), "{");
        File.WriteAllText(Path.Combine(entryDir, ".live@eth0.json.4242.tmp"), "{");
        var config = Config().With("cniVersion", "1.1.0").With("cni.dev/valid-attachments", new JsonArray(new JsonObject { ["containerID"] = "live", ["ifname"] = "eth0" }));

        var (outcome, _) = await Harness().RunAsync("GC", config);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal([".live@eth0.json.4242.tmp"], Directory.EnumerateFiles(entryDir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Del_NoCacheEntryAndApiServerDown_DeletesTheConfiguredNetworks()
    {
        var api = new FakeKubeApi { Down = true };
        var harness = new PluginHarness(fake, TimeProvider.System) { Kube = api };

        var (outcome, _) = await harness.RunAsync("DEL", Config().With("kubeconfig", "/etc/kubeconfig").With("logLevel", "verbose"), cniArgs: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=web");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["DEL ptp net2", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace);
        Assert.Contains("may remain", harness.Stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Del_NoCacheEntryAndOneConfiguredNetworkUnresolvable_DeletesTheOthers()
    {
        var confDir = dir["conf"];
        Directory.CreateDirectory(confDir);
        File.WriteAllText(Path.Combine(confDir, "10-cluster.conf"), """{"cniVersion":"1.0.0","name":"k8s","type":"bridge"}""");
        var config = Config().With("delegates", null).With("clusterNetwork", "k8s").With("defaultNetworks", new JsonArray("missing")).With("confDir", confDir);

        var (outcome, _) = await Harness().RunAsync("DEL", config);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["DEL bridge eth0"], fake.Trace);
    }
}
