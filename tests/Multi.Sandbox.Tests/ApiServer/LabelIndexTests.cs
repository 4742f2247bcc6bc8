using System.Text.Json.Nodes;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.ApiServer.Selectors;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>Label-selected lists through the store's label index return exactly what a full scan with the selector returns.</summary>
public sealed class LabelIndexTests
{
    private static readonly string[] Selectors =
    [
        "tier=web", "tier==db", "tier in (web)", "tier=web,env=prod", "env=dev,tier!=web", "tier in (web, db)", "env",
        "!env", "tier=web,env in (prod, dev)", "tier=nothing", "owner=o3", "owner=o3,tier=db", "tier notin (web)", "",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void List_AfterRandomCreatesUpdatesAndDeletes_MatchesFullScan(int seed)
    {
        var random = new Random(seed);
        var store = new ObjectStore(64, persistence: null);
        for (var step = 0; step < 400; step++)
        {
            RandomChange(store, random);
            if (step % 20 == 0)
                AssertSameAsScan(store);
        }

        AssertSameAsScan(store);
    }

    [Fact]
    public void List_AfterReloadFromPersistence_MatchesFullScan()
    {
        var directory = Path.Combine(Path.GetTempPath(), "multi-label-index-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var random = new Random(7);
            var first = new ObjectStore(64, new ObjectPersistence(directory));
            for (var step = 0; step < 200; step++)
                RandomChange(first, random);

            var second = new ObjectStore(64, new ObjectPersistence(directory));

            AssertSameAsScan(second);
            Assert.Equal(Names(first.List("g", "things", null).Items), Names(second.List("g", "things", null).Items));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void List_LabelChangedAndObjectDeleted_IndexFollows()
    {
        var store = new ObjectStore(64, persistence: null);
        store.Create(Key("a"), Thing("a", ("tier", "web")));
        store.Create(Key("b"), Thing("b", ("tier", "web")));

        store.Update(Key("a"), obj => Relabel(obj, ("tier", "db")));
        store.Delete(Key("b"), "2026-01-01T00:00:00Z");

        Assert.Empty(store.List("g", "things", null, LabelSelector.Parse("tier=web")).Items);
        Assert.Equal(["default/a"], Names(store.List("g", "things", null, LabelSelector.Parse("tier=db")).Items));
        Assert.Empty(store.List("g", "other", null, LabelSelector.Parse("tier=db")).Items);
    }

    [Fact]
    public void List_VersionIsTheStoreVersionAtTheList()
    {
        var store = new ObjectStore(64, persistence: null);
        store.Create(Key("a"), Thing("a", ("tier", "web")));
        var created = store.Create(Key("b"), Thing("b", ("tier", "db")));

        var (_, version) = store.List("g", "things", null, LabelSelector.Parse("tier=web"));

        Assert.Equal(ObjectMetadata.ResourceVersion(created), version);
    }

    private static void RandomChange(ObjectStore store, Random random)
    {
        var name = $"o{random.Next(40)}";
        var ns = random.Next(3) == 0 ? "other" : "default";
        var key = Key(name, ns);
        try
        {
            switch (random.Next(5))
            {
                case 0 or 1:
                    store.Create(key, Thing(name, RandomLabels(random), ns, finalizer: random.Next(4) == 0));
                    break;
                case 2:
                    store.Update(key, obj => Relabel(obj, RandomLabels(random)));
                    break;
                case 3:
                    store.Delete(key, "2026-01-01T00:00:00Z");
                    break;
                default:
                    store.Update(key, obj =>
                    {
                        ObjectMetadata.Of(obj).Remove("finalizers");
                        return obj;
                    });
                    break;
            }
        }
        catch (ApiException error) when (error.Code is 404 or 409)
        {
            // Creating what exists or changing what does not: part of the random walk.
        }
    }

    private static void AssertSameAsScan(ObjectStore store)
    {
        // The reference: every possible key read by name (Get does not use the index), filtered by the selector.
        var everything = new List<JsonObject>();
        foreach (var ns in new[] { "default", "other" })
        {
            for (var i = 0; i < 40; i++)
            {
                try
                {
                    everything.Add(store.Get(Key($"o{i}", ns)));
                }
                catch (ApiException error) when (error.Code == 404)
                {
                }
            }
        }

        everything = [.. everything.OrderBy(o => ObjectMetadata.GetString(o, "namespace"), StringComparer.Ordinal).ThenBy(o => ObjectMetadata.GetString(o, "name"), StringComparer.Ordinal)];
        foreach (var text in Selectors)
        {
            var selector = LabelSelector.Parse(text);
            foreach (var ns in new[] { null, "default" })
            {
                var scanned = everything.Where(o => (ns is null || ObjectMetadata.GetString(o, "namespace") == ns) && selector.Matches(ObjectMetadata.Labels(o)));
                var indexed = store.List("g", "things", ns, selector).Items;
                Assert.Equal(Names(scanned), Names(indexed));
            }
        }
    }

    private static (string, string)[] RandomLabels(Random random)
    {
        var labels = new List<(string, string)> { ("owner", $"o{random.Next(6)}") };
        if (random.Next(4) != 0)
            labels.Add(("tier", random.Next(2) == 0 ? "web" : "db"));
        if (random.Next(2) == 0)
            labels.Add(("env", random.Next(2) == 0 ? "prod" : "dev"));
        return [.. labels];
    }

    private static ObjectKey Key(string name, string ns = "default") => new("g", "things", ns, name);

    private static JsonObject Thing(string name, (string, string)[] labels, string ns = "default", bool finalizer = false)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = Labels(labels) };
        if (finalizer)
            metadata["finalizers"] = new JsonArray("test/keep");
        return new JsonObject { ["apiVersion"] = "g/v1", ["kind"] = "Thing", ["metadata"] = metadata };
    }

    private static JsonObject Thing(string name, params (string, string)[] labels) => Thing(name, labels, "default");

    private static JsonObject Relabel(JsonObject obj, params (string, string)[] labels)
    {
        ObjectMetadata.Of(obj)["labels"] = Labels(labels);
        return obj;
    }

    private static JsonObject Labels((string, string)[] labels)
    {
        var json = new JsonObject();
        foreach (var (k, v) in labels)
            json[k] = v;
        return json;
    }

    private static List<string> Names(IEnumerable<JsonObject> items) =>
        items.Select(o => $"{ObjectMetadata.GetString(o, "namespace")}/{ObjectMetadata.GetString(o, "name")}").ToList();
}
