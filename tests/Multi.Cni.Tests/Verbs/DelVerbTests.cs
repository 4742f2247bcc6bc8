using System.Text.Json.Nodes;
using Multi.Cni.Tests.Support;
using Multi.Core.Cni;
using Multi.Testing;

namespace Multi.Cni.Tests.Verbs;

public sealed class DelVerbTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly FakePluginExecutor fake = new();

    public void Dispose() => dir.Dispose();

    private PluginHarness Harness => new(fake);

    private string EntryPath => Path.Combine(dir.Path, "attachments", "multi-net", "c1@eth0.json");

    private async Task AddAsync(JsonObject? config = null)
    {
        var (outcome, _) = await Harness.RunAsync("ADD", config ?? MetaConfig.Standard(dir.Path));
        Assert.Equal(0, outcome.ExitCode);
        fake.Calls.Clear();
    }

    [Fact]
    public async Task Del_AfterAdd_DeletesInReverseWithEachCachedResultAndRemovesTheEntry()
    {
        await AddAsync();

        var (outcome, _) = await Harness.RunAsync("DEL", MetaConfig.Standard(dir.Path));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
        Assert.Equal(["DEL ptp net2", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace);
        Assert.Equal("net2", fake.Calls[0].Config["prevResult"]!["interfaces"]![0]!["name"]!.GetValue<string>());
        Assert.False(File.Exists(EntryPath));
    }

    [Fact]
    public async Task Del_UsesTheCachedConfigEvenWhenTheConfigurationChanged()
    {
        await AddAsync();
        var changed = MetaConfig.WithDelegates(dir.Path, MetaConfig.Plugin("other", "host-device"));

        await Harness.RunAsync("DEL", changed);

        Assert.Equal(["DEL ptp net2", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace);
    }

    [Fact]
    public async Task Del_Repeated_Succeeds()
    {
        await AddAsync();
        await Harness.RunAsync("DEL", MetaConfig.Standard(dir.Path));

        var (outcome, _) = await Harness.RunAsync("DEL", MetaConfig.Standard(dir.Path));

        Assert.Equal(0, outcome.ExitCode);
    }

    [Fact]
    public async Task Del_WithoutAnyAdd_RederivesDelegatesFromConfigWithoutPrevResult()
    {
        var (outcome, _) = await Harness.RunAsync("DEL", MetaConfig.Standard(dir.Path));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["DEL ptp net2", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace);
        Assert.All(fake.Calls, c => Assert.Null(c.Config["prevResult"]));
    }

    [Fact]
    public async Task Del_CorruptCacheEntry_CountsAsMissing()
    {
        var config = MetaConfig.Standard(dir.Path).With("logLevel", "debug");
        await AddAsync(config);
        File.WriteAllText(EntryPath, File.ReadAllText(EntryPath).Replace("\"net1\"", "\"net9\"", StringComparison.Ordinal));
        var harness = Harness;

        var (outcome, _) = await harness.RunAsync("DEL", config);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["DEL ptp net2", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace);
        Assert.All(fake.Calls, c => Assert.Null(c.Config["prevResult"]));
        Assert.Contains("checksum mismatch", harness.Stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(EntryPath));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/var/run/netns/gone")]
    public async Task Del_NetnsEmptyOrGone_StillCallsDelegatesWithTheSameValue(string netns)
    {
        await AddAsync();

        var (outcome, _) = await Harness.RunAsync("DEL", MetaConfig.Standard(dir.Path), netns: netns);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(3, fake.Calls.Count);
        Assert.All(fake.Calls, c => Assert.Equal(netns, c.Variables["CNI_NETNS"]));
    }

    [Fact]
    public async Task Del_DelegateFails_AttemptsAllCombinesErrorsAndRemovesTheEntry()
    {
        await AddAsync();
        fake.Fail("ptp", CniCommand.Del, 11, "busy").Fail("bridge", CniCommand.Del, 999, "gone wrong");

        var (outcome, json) = await Harness.RunAsync("DEL", MetaConfig.Standard(dir.Path));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(11u, PluginHarness.Code(json));
        Assert.Contains("busy", PluginHarness.Msg(json), StringComparison.Ordinal);
        Assert.Contains("gone wrong", PluginHarness.Msg(json), StringComparison.Ordinal);
        Assert.Equal(3, fake.Calls.Count);
        Assert.False(File.Exists(EntryPath));
    }

    [Fact]
    public async Task Del_DelegateFailsWithRetryDeleteOnError_KeepsTheEntryForTheRetry()
    {
        var config = MetaConfig.Standard(dir.Path).With("retryDeleteOnError", true);
        await AddAsync(config);
        fake.Fail("macvlan", CniCommand.Del, 999, "transient");

        var (first, _) = await Harness.RunAsync("DEL", config);
        fake.On("macvlan", CniCommand.Del, _ => FakePluginExecutor.Ok(string.Empty));
        var (second, _) = await Harness.RunAsync("DEL", config);

        Assert.Equal(1, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.NotNull(fake.Calls.Last().Config["prevResult"]);
        Assert.False(File.Exists(EntryPath));
    }

    [Fact]
    public async Task Del_LegacyDelegate_ReceivesNoPrevResult()
    {
        var config = MetaConfig.WithDelegates(dir.Path, MetaConfig.Plugin("cluster", "bridge", "0.3.1"));
        await AddAsync(config);

        await Harness.RunAsync("DEL", config);

        Assert.Null(fake.Calls.Single().Config["prevResult"]);
    }

    [Fact]
    public async Task Del_WithoutAnEntry_DeletesFromTheMultusCacheFileAndRemovesIt()
    {
        // A pod attached by Multus before the node switched to Multi: Multus's file is named after the container.
        static string B64(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json));
        var multusDir = Directory.CreateDirectory(Path.Combine(dir.Path, "multus")).FullName;
        var file = Path.Combine(multusDir, "c1");
        File.WriteAllText(file, $$"""
            [{"Name":"","Bytes":"{{B64("""{"cniVersion":"0.3.1","name":"k8s-pod-network","type":"flannel"}""")}}"},
             {"Name":"default/storage","ifnameRequest":"data0","macRequest":"c2:00:00:00:00:01","Bytes":"{{B64("""{"cniVersion":"0.3.1","name":"storage","type":"macvlan"}""")}}"},
             {"Name":"default/backhaul","Bytes":"{{B64("""{"cniVersion":"0.3.1","name":"backhaul","plugins":[{"type":"ptp"},{"type":"tuning"}]}""")}}"}]
            """);
        var config = MetaConfig.Standard(dir.Path);
        config["multusCniDir"] = multusDir;

        var (outcome, _) = await Harness.RunAsync("DEL", config);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["DEL tuning net2", "DEL ptp net2", "DEL macvlan data0", "DEL flannel eth0"], fake.Trace);
        Assert.EndsWith(";MAC=c2:00:00:00:00:01", fake.Calls[2].Variables["CNI_ARGS"], StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Del_WithACorruptMultusCacheFile_FallsBackToTheConfiguration()
    {
        var multusDir = Directory.CreateDirectory(Path.Combine(dir.Path, "multus")).FullName;
        File.WriteAllText(Path.Combine(multusDir, "c1"), "[{\"Bytes\": 12");
        var config = MetaConfig.Standard(dir.Path);
        config["multusCniDir"] = multusDir;

        var (outcome, _) = await Harness.RunAsync("DEL", config);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["DEL ptp net2", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace);
    }
}
