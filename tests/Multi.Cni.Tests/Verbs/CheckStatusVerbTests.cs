using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Multi.Cni.Tests.Support;
using Multi.Core.Cni;
using Multi.Testing;

namespace Multi.Cni.Tests.Verbs;

public sealed class CheckStatusVerbTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly FakePluginExecutor fake = new();

    public void Dispose() => dir.Dispose();

    private PluginHarness Harness => new(fake);

    private static JsonObject WithPrev(JsonObject config) => config.With("prevResult", new JsonObject { ["cniVersion"] = "1.0.0" });

    [Fact]
    public async Task Check_AfterAdd_ChecksEveryDelegateInOrderWithItsCachedResult()
    {
        await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));
        fake.Calls.Clear();

        var (outcome, _) = await Harness.RunAsync("CHECK", WithPrev(MetaConfig.Standard(dir.Path)));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["CHECK bridge eth0", "CHECK macvlan net1", "CHECK ptp net2"], fake.Trace);
        Assert.Equal("net1", fake.Calls[1].Config["prevResult"]!["interfaces"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Check_SkipsDelegatesBelow040AndWithDisableCheck()
    {
        var old = MetaConfig.Plugin("net-a", "macvlan", "0.3.1");
        var disabled = MetaConfig.Plugin("net-b", "ptp").With("disableCheck", "TRUE");
        var config = MetaConfig.WithDelegates(dir.Path, MetaConfig.Plugin("cluster", "bridge"), old, disabled);
        await Harness.RunAsync("ADD", config);
        fake.Calls.Clear();

        await Harness.RunAsync("CHECK", WithPrev(config));

        Assert.Equal(["CHECK bridge eth0"], fake.Trace);
    }

    [Fact]
    public async Task Check_FirstDelegateErrorIsReturned()
    {
        await Harness.RunAsync("ADD", MetaConfig.Standard(dir.Path));
        fake.Fail("macvlan", CniCommand.Check, 999, "address missing");

        var (_, json) = await Harness.RunAsync("CHECK", WithPrev(MetaConfig.Standard(dir.Path)));

        Assert.Equal(999u, PluginHarness.Code(json));
        Assert.Equal("network \"net-a\" (net1): address missing", PluginHarness.Msg(json));
        Assert.DoesNotContain("CHECK ptp net2", fake.Trace);
    }

    [Fact]
    public async Task Check_WithoutPrevResult_FailsWith7()
    {
        var (_, json) = await Harness.RunAsync("CHECK", MetaConfig.Standard(dir.Path));

        Assert.Equal(7u, PluginHarness.Code(json));
    }

    [Fact]
    public async Task Check_WithoutCacheEntry_FailsWith102()
    {
        var (_, json) = await Harness.RunAsync("CHECK", WithPrev(MetaConfig.Standard(dir.Path)));

        Assert.Equal(102u, PluginHarness.Code(json));
    }

    [Fact]
    public async Task Status_ReadinessIndicatorMissing_FailsWith50()
    {
        var config = MetaConfig.Standard(dir.Path).With("cniVersion", "1.1.0").With("readinessindicatorfile", dir["ready"]);

        var (_, json) = await Harness.RunAsync("STATUS", config, containerId: null!, netns: null, ifName: null!);

        Assert.Equal(50u, PluginHarness.Code(json));
        Assert.Contains(dir["ready"], PluginHarness.Msg(json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ClusterNetworkAt110_PropagatesItsStatusErrorAndIgnoresSecondaries()
    {
        var config = MetaConfig.WithDelegates(dir.Path, MetaConfig.Plugin("cluster", "bridge", "1.1.0"), MetaConfig.Plugin("net-a", "macvlan", "1.1.0"))
            .With("cniVersion", "1.1.0");
        fake.Fail("bridge", CniCommand.Status, 51, "limited");

        var (_, json) = await Harness.RunAsync("STATUS", config, containerId: null!, netns: null, ifName: null!);

        Assert.Equal(51u, PluginHarness.Code(json));
        Assert.Equal(["STATUS bridge "], fake.Trace);
        Assert.Null(fake.Calls[0].Variables["CNI_CONTAINERID"]);
        Assert.Null(fake.Calls[0].Variables["CNI_IFNAME"]);
    }

    [Fact]
    public async Task Status_ClusterNetworkBelow110_SucceedsWithoutCallingIt()
    {
        var config = MetaConfig.Standard(dir.Path).With("cniVersion", "1.1.0");

        var (outcome, _) = await Harness.RunAsync("STATUS", config, containerId: null!, netns: null, ifName: null!);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(fake.Calls);
    }

    [Fact]
    public async Task Add_ReadinessIndicatorAppearsWhileWaiting_Proceeds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var config = MetaConfig.Standard(dir.Path).With("readinessindicatorfile", dir["ready"]);
        var add = new PluginHarness(fake, clock).RunAsync("ADD", config);

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.False(add.IsCompleted);
        File.WriteAllText(dir["ready"], "");
        clock.Advance(TimeSpan.FromSeconds(1));
        var (outcome, _) = await add;

        Assert.Equal(0, outcome.ExitCode);
    }

    [Fact]
    public async Task Add_ReadinessIndicatorNeverAppears_FailsWith11AfterTheTimeout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var config = MetaConfig.Standard(dir.Path).With("readinessindicatorfile", dir["ready"]);
        var add = new PluginHarness(fake, clock).RunAsync("ADD", config);

        for (var i = 0; i < 44; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.False(add.IsCompleted);
        for (var i = 0; i < 5 && !add.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(add.IsCompleted, "ADD should give up once 45 s have passed");
        var (_, json) = await add;

        Assert.Equal(11u, PluginHarness.Code(json));
        Assert.Contains(dir["ready"], PluginHarness.Msg(json), StringComparison.Ordinal);
        Assert.Empty(fake.Calls);
    }
}
