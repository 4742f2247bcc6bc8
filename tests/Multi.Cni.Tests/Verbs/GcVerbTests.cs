using System.Text.Json.Nodes;
using Multi.Cni.Tests.Support;
using Multi.Core.Cni;
using Multi.Testing;

namespace Multi.Cni.Tests.Verbs;

public sealed class GcVerbTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly FakePluginExecutor fake = new();

    public void Dispose() => dir.Dispose();

    private PluginHarness Harness => new(fake);

    /// <summary>Delegates at 1.1.0 so that they take GC: cluster, net-a, net-b.</summary>
    private JsonObject Config => MetaConfig.WithDelegates(
        dir.Path,
        MetaConfig.Plugin("cluster", "bridge", "1.1.0"),
        MetaConfig.Plugin("net-a", "macvlan", "1.1.0"),
        MetaConfig.Plugin("net-b", "ptp", "1.1.0")).With("cniVersion", "1.1.0");

    private static JsonArray Valid(params string[] containerIds) =>
        new(containerIds.Select(id => (JsonNode)new JsonObject { ["containerID"] = id, ["ifname"] = "eth0" }).ToArray());

    private async Task AddAsync(string containerId)
    {
        var (outcome, _) = await Harness.RunAsync("ADD", Config, containerId: containerId);
        Assert.Equal(0, outcome.ExitCode);
    }

    private static List<(string ContainerId, string IfName)> SentList(RecordedCall call) =>
        call.Config["cni.dev/valid-attachments"]!.AsArray()
            .Select(n => (n!["containerID"]!.GetValue<string>(), n["ifname"]!.GetValue<string>())).ToList();

    [Fact]
    public async Task Gc_TranslatesTheRuntimeListIntoEachDelegatesOwnAttachments()
    {
        await AddAsync("c1");
        await AddAsync("c2");
        fake.Calls.Clear();

        var (outcome, _) = await Harness.RunAsync("GC", Config.With("cni.dev/valid-attachments", Valid("c1", "c2")), containerId: null!, netns: null, ifName: null!);

        Assert.Equal(0, outcome.ExitCode);
        var gc = fake.Calls.Where(c => c.Command == CniCommand.Gc).ToDictionary(c => c.Network);
        Assert.Equal([("c1", "eth0"), ("c2", "eth0")], SentList(gc["cluster"]));
        Assert.Equal([("c1", "net1"), ("c2", "net1")], SentList(gc["net-a"]));
        Assert.Equal([("c1", "net2"), ("c2", "net2")], SentList(gc["net-b"]));
        Assert.Equal(SentList(gc["net-a"]), gc["net-a"].Config["cni.dev/attachments"]!.AsArray().Select(n => (n!["containerID"]!.GetValue<string>(), n["ifname"]!.GetValue<string>())));
        Assert.All(gc.Values, c => Assert.Null(c.Variables["CNI_CONTAINERID"]));
    }

    [Fact]
    public async Task Gc_StaleEntry_IsDeletedLikeDelWithEmptyNetnsAndRemoved()
    {
        await AddAsync("c1");
        await AddAsync("c2");
        fake.Calls.Clear();

        await Harness.RunAsync("GC", Config.With("cni.dev/valid-attachments", Valid("c1")), containerId: null!, netns: null, ifName: null!);

        var dels = fake.Calls.Where(c => c.Command == CniCommand.Del).ToList();
        Assert.Equal(["DEL ptp net2", "DEL macvlan net1", "DEL bridge eth0"], dels.Select(c => c.ToString()));
        Assert.All(dels, c => Assert.Equal("c2", c.Variables["CNI_CONTAINERID"]));
        Assert.All(dels, c => Assert.Equal(string.Empty, c.Variables["CNI_NETNS"]));
        Assert.False(File.Exists(Path.Combine(dir.Path, "attachments", "multi-net", "c2@eth0.json")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "attachments", "multi-net", "c1@eth0.json")));
        Assert.Equal([("c1", "net1")], SentList(fake.Calls.Single(c => c.Command == CniCommand.Gc && c.Network == "net-a")));
    }

    [Fact]
    public async Task Gc_ValidAttachmentWithoutCacheEntry_SkipsDelegateGcSoNoLiveAddressIsFreed()
    {
        await AddAsync("c1");
        fake.Calls.Clear();

        var (outcome, _) = await Harness.RunAsync("GC", Config.With("cni.dev/valid-attachments", Valid("c1", "unknown")), containerId: null!, netns: null, ifName: null!);

        Assert.Equal(0, outcome.ExitCode);
        Assert.DoesNotContain(fake.Calls, c => c.Command == CniCommand.Gc);
    }

    [Fact]
    public async Task Gc_FallsBackToCniDevAttachments()
    {
        await AddAsync("c1");
        fake.Calls.Clear();

        await Harness.RunAsync("GC", Config.With("cni.dev/attachments", Valid("c1")), containerId: null!, netns: null, ifName: null!);

        Assert.Equal([("c1", "net1")], SentList(fake.Calls.Single(c => c.Command == CniCommand.Gc && c.Network == "net-a")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("\"not a list\"")]
    [InlineData("[{\"containerID\":\"c1\"}]")]
    public async Task Gc_MissingOrMalformedValidList_FailsWith7AndFreesNothing(string? list)
    {
        await AddAsync("c1");
        fake.Calls.Clear();
        var config = list is null ? Config : Config.With("cni.dev/valid-attachments", JsonNode.Parse(list));

        var (_, json) = await Harness.RunAsync("GC", config, containerId: null!, netns: null, ifName: null!);

        Assert.Equal(7u, PluginHarness.Code(json));
        Assert.Empty(fake.Calls);
    }

    [Fact]
    public async Task Gc_DelegatesBelow110OrWithDisableGc_AreNotSentGc()
    {
        var config = MetaConfig.WithDelegates(
            dir.Path,
            MetaConfig.Plugin("cluster", "bridge", "1.0.0"),
            MetaConfig.Plugin("net-a", "macvlan", "1.1.0").With("disableGC", true),
            MetaConfig.Plugin("net-b", "ptp", "1.1.0")).With("cniVersion", "1.1.0");
        await Harness.RunAsync("ADD", config);
        fake.Calls.Clear();

        await Harness.RunAsync("GC", config.With("cni.dev/valid-attachments", Valid("c1")), containerId: null!, netns: null, ifName: null!);

        Assert.Equal(["net-b"], fake.Calls.Where(c => c.Command == CniCommand.Gc).Select(c => c.Network));
    }

    [Fact]
    public async Task Gc_DelegateErrors_AreCombinedAfterEveryNetworkWasTried()
    {
        await AddAsync("c1");
        fake.Calls.Clear();
        fake.Fail("bridge", CniCommand.Gc, 999, "cluster gc failed");

        var (_, json) = await Harness.RunAsync("GC", Config.With("cni.dev/valid-attachments", Valid("c1")), containerId: null!, netns: null, ifName: null!);

        Assert.Contains("cluster gc failed", PluginHarness.Msg(json), StringComparison.Ordinal);
        Assert.Equal(3, fake.Calls.Count(c => c.Command == CniCommand.Gc));
    }
}
