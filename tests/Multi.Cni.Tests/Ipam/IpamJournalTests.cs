using System.Text.Json.Nodes;
using Multi.Cni.Ipam;

namespace Multi.Cni.Tests.Ipam;

/// <summary>The node-local journal: request counts on the common path, crash recovery from an intent, and the list fallbacks.</summary>
public sealed class IpamJournalTests
{
    private static string Address(JsonObject? result) => result!["ips"]![0]!["address"]!.GetValue<string>();

    private static string ClaimName(JsonObject? result) => "blue." + Address(result).Split('/')[0];

    private static IpamJournal Journal(IpamCluster cluster) => new(cluster.JournalDir, TimeProvider.System, TimeSpan.FromMinutes(10));

    [Fact]
    public async Task AddThenDel_CommonPath_TwoRequestsThenOne()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");

        var before = cluster.Requests;
        var (added, result) = await cluster.RunAsync("ADD", cluster.Config("blue"));
        var addRequests = cluster.Requests - before;
        var record = Journal(cluster).Read("blue", "c1", "net1");
        var files = Directory.GetFiles(cluster.JournalDir).Select(Path.GetFileName).ToList();
        before = cluster.Requests;
        var (deleted, _) = await cluster.RunAsync("DEL", cluster.Config("blue"));
        var delRequests = cluster.Requests - before;

        Assert.Equal((0, 0), (added.ExitCode, deleted.ExitCode));
        Assert.Equal(2, addRequests);
        Assert.Equal(1, delRequests);
        Assert.Equal((IpamJournalState.Committed, ClaimName(result)), (record!.State, record.Name));
        Assert.All(files, f => Assert.Matches(@"^(journal|journal-\d\d\.log)$", f)); // the marker and log shards only
        Assert.Empty(await cluster.ClaimsAsync());
        Assert.Null(Journal(cluster).Read("blue", "c1", "net1"));
    }

    [Fact]
    public async Task Add_RepeatedWithCommittedRecord_VerifiesByNameAndCreatesNothing()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        var (_, first) = await cluster.RunAsync("ADD", cluster.Config("blue"), seed: 1);

        var before = cluster.Requests;
        var (_, second) = await cluster.RunAsync("ADD", cluster.Config("blue"), seed: 2);

        Assert.Equal(Address(first), Address(second));
        Assert.Equal(1, cluster.Requests - before); // the GET of the claim; the pool comes from the journal's cache
        Assert.Single(await cluster.ClaimsAsync());
    }

    [Fact]
    public async Task Add_CommittedClaimDeletedMeanwhile_AllocatesAgain()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        var (_, first) = await cluster.RunAsync("ADD", cluster.Config("blue"), seed: 1);
        await cluster.Client.DeleteAsync($"{IpamCluster.Base}/ipallocations/{ClaimName(first)}", null, null, TestContext.Current.CancellationToken);

        var (outcome, second) = await cluster.RunAsync("ADD", cluster.Config("blue"), seed: 2);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(ClaimName(second), Assert.Single(await cluster.ClaimsAsync())["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Add_CrashBetweenCreateAndCommit_ReusesTheClaimOfTheIntent()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        var (_, first) = await cluster.RunAsync("ADD", cluster.Config("blue"), seed: 1);

        // The claim exists, but the journal still holds only the intent written before the create.
        Journal(cluster).Remove("blue", "c1", "net1");
        Journal(cluster).Write(IpamJournalRecord.Intent("blue", "c1", "net1", ClaimName(first)));
        var before = cluster.Requests;
        var (outcome, second) = await cluster.RunAsync("ADD", cluster.Config("blue"), seed: 2);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(Address(first), Address(second));
        Assert.Equal(1, cluster.Requests - before); // the GET of the intent's claim (pool cached)
        Assert.Single(await cluster.ClaimsAsync());
        Assert.Equal(IpamJournalState.Committed, Journal(cluster).Read("blue", "c1", "net1")!.State);
    }

    [Fact]
    public async Task Add_IntentNamingAnotherAttachmentsClaim_LeavesItAndAllocatesAnother()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        var (_, other) = await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "other");
        Journal(cluster).Write(IpamJournalRecord.Intent("blue", "c1", "net1", ClaimName(other)));

        var (_, mine) = await cluster.RunAsync("ADD", cluster.Config("blue"), seed: 5);

        Assert.NotEqual(Address(other), Address(mine));
        Assert.Equal(2, (await cluster.ClaimsAsync()).Count);
    }

    [Fact]
    public async Task Del_IntentOnly_ListsAndReleasesTheInterruptedClaim()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.RunAsync("ADD", cluster.Config("blue"));
        Journal(cluster).Write(IpamJournalRecord.Intent("blue", "c1", "net1", "blue.10.1.0.250"));

        var (outcome, _) = await cluster.RunAsync("DEL", cluster.Config("blue"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(await cluster.ClaimsAsync());
        Assert.Null(Journal(cluster).Read("blue", "c1", "net1"));
    }

    [Fact]
    public async Task Del_CommittedRecordButNameNowHeldByAnotherAttachment_LeavesItAlone()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        var (_, first) = await cluster.RunAsync("ADD", cluster.Config("blue"));
        await cluster.Client.DeleteAsync($"{IpamCluster.Base}/ipallocations/{ClaimName(first)}", null, null, TestContext.Current.CancellationToken);
        var requesting = cluster.Config("blue");
        requesting["runtimeConfig"] = new JsonObject { ["ips"] = new JsonArray(Address(first)) };
        await cluster.RunAsync("ADD", requesting, containerId: "other");

        var (outcome, _) = await cluster.RunAsync("DEL", cluster.Config("blue"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("other", Assert.Single(await cluster.ClaimsAsync())["spec"]!["owner"]!["containerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task JournalWiped_AddWithinWindowListsAndDelLists_NoDuplicateNoLeak()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        var (_, first) = await cluster.RunAsync("ADD", cluster.Config("blue"), seed: 1);
        Directory.Delete(cluster.JournalDir, recursive: true);

        var before = cluster.Requests;
        var (_, again) = await cluster.RunAsync("ADD", cluster.Config("blue"), seed: 2);
        var repeatedRequests = cluster.Requests - before;
        Directory.Delete(cluster.JournalDir, recursive: true);
        var (deleted, _) = await cluster.RunAsync("DEL", cluster.Config("blue"));

        Assert.Equal(Address(first), Address(again));
        Assert.Equal(2, repeatedRequests);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Empty(await cluster.ClaimsAsync());
    }

    [Fact]
    public async Task InitializedJournal_MarkerGone_TheShardsHeaderStillMakesItComplete()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        File.Delete(Path.Combine(cluster.JournalDir, "journal"));

        var before = cluster.Requests;
        var (added, _) = await cluster.RunAsync("ADD", cluster.Config("blue"));

        Assert.Equal(0, added.ExitCode);
        Assert.Equal(2, cluster.Requests - before); // GET pool, POST: no LIST, as with the marker
        Assert.False(File.Exists(Path.Combine(cluster.JournalDir, "journal"))); // not read, so not recreated either
    }

    [Fact]
    public async Task JournalCreatedByThePlugin_NewAttachmentListsOnlyWithinTheWindow()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        Directory.Delete(cluster.JournalDir, recursive: true);

        var before = cluster.Requests;
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "early");
        var early = cluster.Requests - before;
        var marker = Path.Combine(cluster.JournalDir, "journal");
        var since = DateTimeOffset.Parse(JsonNode.Parse(File.ReadAllText(marker))!["since"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(marker, new JsonObject { ["since"] = since.AddMinutes(-11).ToString("O", System.Globalization.CultureInfo.InvariantCulture) }.ToJsonString());
        before = cluster.Requests;
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "late", seed: 2);
        var late = cluster.Requests - before;

        Assert.Equal(3, early); // GET pool, LIST by owner, POST
        Assert.Equal(1, late); // POST only: no LIST after the window, and the pool from the journal's cache
    }

    [Fact]
    public async Task Add_SecondPoolMissing_RollsBackAndLeavesNoRecord()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");

        var (outcome, _) = await cluster.RunAsync("ADD", cluster.Config("blue", "missing"));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Empty(await cluster.ClaimsAsync());
        Assert.Empty(Journal(cluster).All());
    }

    [Fact]
    public async Task Gc_DropsRecordsOfInvalidAttachments()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "valid");
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "stale");
        var gc = cluster.Config("blue");
        gc["cni.dev/valid-attachments"] = new JsonArray(new JsonObject { ["containerID"] = "valid", ["ifname"] = "net1" });

        await cluster.RunAsync("GC", gc, clock: new ShiftedClock(TimeSpan.FromMinutes(2)));

        Assert.Equal(["valid"], Journal(cluster).All().Select(r => r.ContainerId).Distinct());
        Assert.Single(await cluster.ClaimsAsync());
    }
}
