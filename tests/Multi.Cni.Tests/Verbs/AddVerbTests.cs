using System.Text.Json.Nodes;
using Multi.Cni.Tests.Support;
using Multi.Core.Cni;
using Multi.Core.State;
using Multi.Testing;

namespace Multi.Cni.Tests.Verbs;

public sealed class AddVerbTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly FakePluginExecutor fake = new();

    public void Dispose() => dir.Dispose();

    private PluginHarness Harness => new(fake);

    private string EntryPath => Path.Combine(dir.Path, "attachments", "multi-net", "c1@eth0.json");

    [Fact]
    public async Task Add_ThreeDelegates_RunsInOrderWithPositionalNamesAndPrintsClusterResult()
    {
        var (outcome, json) = await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["ADD bridge eth0", "ADD macvlan net1", "ADD ptp net2"], fake.Trace);
        Assert.Equal("1.0.0", json!["cniVersion"]!.GetValue<string>());
        Assert.Equal("eth0", json["interfaces"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("/var/run/netns/pod1", json["interfaces"]![0]!["sandbox"]!.GetValue<string>());
    }

    [Fact]
    public async Task Add_RequestVersionDiffersFromDelegates_PrintsResultInRequestVersion()
    {
        var config = MetaConfig.Standard(dir.Path).With("cniVersion", "0.3.1");

        var (_, json) = await Harness.RunAsync("ADD", config);

        Assert.Equal("0.3.1", json!["cniVersion"]!.GetValue<string>());
        Assert.Equal("4", json["ips"]![0]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Add_Success_RecordsEveryAttachmentInTheCacheBeforeReturning()
    {
        await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));

        var entry = CacheFiles.Read(EntryPath);
        Assert.Equal(["eth0", "net1", "net2"], entry.Attachments.Select(a => a.IfName));
        Assert.All(entry.Attachments, a => Assert.Equal(AttachmentState.Added, a.State));
        Assert.Equal(["eth0", "net1", "net2"], entry.Attachments.Select(a => a.Result!.Interfaces[0].Name));
        Assert.Equal(4, File.ReadAllLines(EntryPath).Length); // the intent, then one update per delegate
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(EntryPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(EntryPath)!));
    }

    [Fact]
    public async Task Add_PodIdentityInCniArgs_DelegatesReceiveIgnoreUnknownAndPodKeysFirst()
    {
        await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path), cniArgs: "K8S_POD_NAME=web;K8S_POD_NAMESPACE=prod;FOO=bar");

        Assert.All(fake.Calls, c => Assert.Equal(
            "IgnoreUnknown=true;K8S_POD_NAMESPACE=prod;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=c1;K8S_POD_UID=;FOO=bar",
            c.Variables["CNI_ARGS"]));
    }

    [Fact]
    public async Task Add_RuntimeConfig_EachPluginGetsOnlyItsDeclaredCapabilitiesWithOriginalTokens()
    {
        var bridge = MetaConfig.Plugin("cluster", "bridge", more: new JsonObject { ["capabilities"] = new JsonObject { ["portMappings"] = true } });
        var macvlan = MetaConfig.Plugin("net-a", "macvlan", more: new JsonObject { ["capabilities"] = new JsonObject { ["bandwidth"] = true, ["mac"] = false } });
        var config = MetaConfig.WithDelegates(dir.Path, bridge, macvlan).With("runtimeConfig", new JsonObject
        {
            ["PortMappings"] = new JsonArray(new JsonObject { ["HostPort"] = 8080, ["ContainerPort"] = 80, ["Protocol"] = "tcp" }),
            ["bandwidth"] = new JsonObject { ["IngressRate"] = 4294967295L },
            ["mac"] = "02:00:00:00:00:99",
        });

        await Harness.RunAsync("ADD", config);

        var bridgeRc = fake.Calls[0].Config["runtimeConfig"]!.AsObject();
        Assert.Equal(["portMappings"], bridgeRc.Select(p => p.Key));
        Assert.Equal("""[{"HostPort":8080,"ContainerPort":80,"Protocol":"tcp"}]""", bridgeRc["portMappings"]!.ToJsonString());
        var macvlanRc = fake.Calls[1].Config["runtimeConfig"]!.AsObject();
        Assert.Equal(["bandwidth"], macvlanRc.Select(p => p.Key));
        Assert.Equal("""{"IngressRate":4294967295}""", macvlanRc["bandwidth"]!.ToJsonString());
    }

    [Fact]
    public async Task Add_Conflist_ChainsPrevResultAndReturnsTheLastOutput()
    {
        var chain = MetaConfig.Chain("cluster", "1.0.0", MetaConfig.Plugin("x", "bridge"), MetaConfig.Plugin("x", "tuning"));
        fake.On("tuning", CniCommand.Add, call => FakePluginExecutor.Ok(call.Config["prevResult"]!.ToJsonString().Replace("10.", "11.", StringComparison.Ordinal)));

        var (_, json) = await Harness.RunAsync("ADD", MetaConfig.WithDelegates(dir.Path, chain));

        Assert.Null(fake.Calls[0].Config["prevResult"]);
        Assert.Equal("eth0", fake.Calls[1].Config["prevResult"]!["interfaces"]![0]!["name"]!.GetValue<string>());
        Assert.StartsWith("11.", json!["ips"]![0]!["address"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(fake.Calls, c => Assert.Equal("cluster", c.Network));
    }

    [Fact]
    public async Task Add_SecondDelegateFails_DeletesItAndTheFirstInReverseAndLeavesNoCacheEntry()
    {
        fake.Fail("macvlan", CniCommand.Add, 7, "master not found");

        var (outcome, json) = await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(7u, PluginHarness.Code(json));
        Assert.Equal("network \"net-a\" (net1): master not found", PluginHarness.Msg(json));
        Assert.Equal(["ADD bridge eth0", "ADD macvlan net1", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace);
        Assert.NotNull(fake.Calls[3].Config["prevResult"]);
        Assert.False(File.Exists(EntryPath));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(EntryPath)!));
    }

    [Theory]
    [InlineData(11u)]
    [InlineData(50u)]
    [InlineData(1u)]
    public async Task Add_DelegateErrorCode_IsPropagatedUnchanged(uint code)
    {
        fake.Fail("ptp", CniCommand.Add, code, "nope");

        var (_, json) = await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));

        Assert.Equal(code, PluginHarness.Code(json));
        Assert.Equal(["DEL ptp net2", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace.Skip(3));
    }

    [Fact]
    public async Task Add_RollbackDeleteAlsoFails_OriginalErrorIsReturned()
    {
        fake.Fail("macvlan", CniCommand.Add, 999, "add broke").Fail("macvlan", CniCommand.Del, 999, "del broke");

        var (_, json) = await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));

        Assert.Contains("add broke", PluginHarness.Msg(json), StringComparison.Ordinal);
        Assert.Contains("DEL bridge eth0", fake.Trace);
    }

    [Fact]
    public async Task Add_RepeatedWithoutDel_FailsWith107AndRunsNothing()
    {
        await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));
        fake.Calls.Clear();

        var (_, json) = await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));

        Assert.Equal(107u, PluginHarness.Code(json));
        Assert.Empty(fake.Calls);
        Assert.True(File.Exists(EntryPath));
    }

    [Fact]
    public async Task Add_EntryLeftPendingByACrashedAdd_DeletesThoseAttachmentsThenStartsAfresh()
    {
        // A crash after the intent was written and the first delegate recorded: the rest are still pending.
        await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));
        CacheFiles.RewriteStates(EntryPath, "added", "pending", "pending");
        var fresh = new FakePluginExecutor();

        var (outcome, _) = await new PluginHarness(fresh).RunAsync("ADD", MetaConfig.Standard(dir.Path));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["DEL ptp net2", "DEL macvlan net1", "DEL bridge eth0", "ADD bridge eth0", "ADD macvlan net1", "ADD ptp net2"], fresh.Trace);
    }

    [Fact]
    public async Task Add_CrashAfterTheSecondDelegate_DelUsesTheRecordedResultsAndStillDeletesThePendingOne()
    {
        // The process dies while the third delegate runs: the journal holds the intent and two updates.
        await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));
        var lines = File.ReadAllLines(EntryPath);
        File.WriteAllLines(EntryPath, lines[..3]);
        fake.Calls.Clear();

        var (outcome, _) = await Harness.RunAsync("DEL", MetaConfig.Standard(dir.Path));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["DEL ptp net2", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace);
        Assert.Null(fake.Calls[0].Config["prevResult"]);
        Assert.NotNull(fake.Calls[1].Config["prevResult"]);
        Assert.NotNull(fake.Calls[2].Config["prevResult"]);
    }

    [Fact]
    public async Task Add_InterfaceAlreadyInThePod_Fails107BeforeThatDelegateAndRollsBackOnlyTheEarlierOnes()
    {
        var harness = Harness;
        harness.Interfaces.Existing.Add(("/var/run/netns/pod1", "net2"));

        var (_, json) = await harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));

        Assert.Equal(107u, PluginHarness.Code(json));
        Assert.Contains("net2 already exists", PluginHarness.Msg(json), StringComparison.Ordinal);
        Assert.Equal(["ADD bridge eth0", "ADD macvlan net1", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace);
        Assert.False(File.Exists(EntryPath));
    }

    [Fact]
    public async Task Add_UnexpectedExceptionInADelegate_RollsBackAndFailsWith999()
    {
        fake.On("ptp", CniCommand.Add, _ => throw new InvalidOperationException("boom"));

        var (_, json) = await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));

        Assert.Equal(999u, PluginHarness.Code(json));
        Assert.Equal(["DEL ptp net2", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace.TakeLast(3));
        Assert.False(File.Exists(EntryPath));
    }

    [Fact]
    public async Task Add_WithPrevResult_FailsWith7()
    {
        var config = MetaConfig.Standard(dir.Path).With("prevResult", new JsonObject { ["cniVersion"] = "1.0.0" });

        var (_, json) = await Harness.RunAsync("ADD", config);

        Assert.Equal(7u, PluginHarness.Code(json));
        Assert.Empty(fake.Calls);
    }

    [Fact]
    public async Task Add_UnusableDelegateOutput_FailsWith101AndRollsBack()
    {
        fake.On("ptp", CniCommand.Add, _ => FakePluginExecutor.Ok("not json"));

        var (_, json) = await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));

        Assert.Equal(101u, PluginHarness.Code(json));
        Assert.Equal("DEL bridge eth0", fake.Trace.Last());
    }

    [Fact]
    public async Task Add_ResultWithoutAddressForLegacyRequest_FailsWith109AndRollsBack()
    {
        fake.On("bridge", CniCommand.Add, _ => FakePluginExecutor.Ok("""{"cniVersion":"1.0.0","interfaces":[{"name":"eth0"}]}"""));
        var config = MetaConfig.Standard(dir.Path).With("cniVersion", "0.2.0");

        var (_, json) = await Harness.RunAsync("ADD", config);

        Assert.Equal(109u, PluginHarness.Code(json));
        Assert.Equal(["DEL ptp net2", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace.TakeLast(3));
        Assert.False(File.Exists(EntryPath));
    }
}
