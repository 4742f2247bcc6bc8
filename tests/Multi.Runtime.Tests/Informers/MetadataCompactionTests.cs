using k8s;
using k8s.Models;
using Multi.Runtime.Informers;

namespace Multi.Runtime.Tests.Informers;

/// <summary>The generic informer transform: what it keeps, what it drops, and that equal strings end up as one instance.</summary>
public sealed class MetadataCompactionTests
{
    private const string PodJson = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"apps","uid":"0b6c7a10-1f9e-4a57-9c51-1d8e0b1f6e2a",
         "resourceVersion":"42","generation":3,"creationTimestamp":"2026-01-02T03:04:05Z","selfLink":"/api/v1/namespaces/apps/pods/web",
         "labels":{"app":"web","tier":"front"},"annotations":{"note":"hello"},"finalizers":["example.com/hold"],
         "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-1","uid":"u-1"}],
         "managedFields":[{"manager":"kubectl","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{}}}]},
         "spec":{"nodeName":"n1","containers":[{"name":"c","image":"busybox"}]}}
        """;

    [Fact]
    public void Compact_DecodedPod_DropsManagedFieldsAndSelfLinkAndKeepsEverythingElse()
    {
        var pod = (V1Pod)new MetadataCompaction().Compact(KubernetesJson.Deserialize<V1Pod>(PodJson));

        var meta = pod.Metadata;
        Assert.Null(meta.ManagedFields);
        Assert.Null(meta.SelfLink);
        Assert.Equal(("web", "apps", "0b6c7a10-1f9e-4a57-9c51-1d8e0b1f6e2a", "42", 3L), (meta.Name, meta.NamespaceProperty, meta.Uid, meta.ResourceVersion, meta.Generation));
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), meta.CreationTimestamp);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }, meta.Labels.ToDictionary());
        Assert.Equal("hello", meta.Annotations["note"]);
        Assert.Equal(["example.com/hold"], meta.Finalizers);
        Assert.Equal("web-1", Assert.Single(meta.OwnerReferences).Name);
        Assert.Equal(("v1", "Pod", "n1"), (pod.ApiVersion, pod.Kind, pod.Spec.NodeName));
    }

    [Fact]
    public void Compact_TwoObjectsWithEqualStrings_HoldOneInstanceOfEach()
    {
        var compaction = new MetadataCompaction();
        var first = (V1Pod)compaction.Compact(KubernetesJson.Deserialize<V1Pod>(PodJson));
        var second = (V1Pod)compaction.Compact(KubernetesJson.Deserialize<V1Pod>(PodJson.Replace("\"web\",\"namespace\"", "\"api\",\"namespace\"", StringComparison.Ordinal)));

        Assert.Equal("api", second.Metadata.Name);
        Assert.Same(first.Metadata.NamespaceProperty, second.Metadata.NamespaceProperty);
        Assert.Same(first.Kind, second.Kind);
        Assert.Same(first.Metadata.Labels.Keys.First(), second.Metadata.Labels.Keys.First());
        Assert.Same(first.Metadata.Labels["tier"], second.Metadata.Labels["tier"]);
        Assert.Same(first.Metadata.Annotations["note"], second.Metadata.Annotations["note"]);
        Assert.Same(first.Metadata.Labels, second.Metadata.Labels);
    }

    [Fact]
    public void Of_EqualPairsInAnotherOrder_OneInstanceAndOtherPairsAnother()
    {
        var shared = new SharedValues();

        var first = MetadataMap.Of(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, shared);
        var reordered = MetadataMap.Of(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }, shared);
        var other = MetadataMap.Of(new Dictionary<string, string> { ["a"] = "1", ["b"] = "3" }, shared);
        var fewer = MetadataMap.Of(new Dictionary<string, string> { ["a"] = "1" }, shared);

        Assert.Same(first, reordered);
        Assert.NotSame(first, other);
        Assert.NotSame(first, fewer);
        Assert.Equal("3", other!["b"]);
    }

    [Fact]
    public void Compact_ObjectWithoutMetadataMaps_StaysWithout()
    {
        var ns = (V1Namespace)new MetadataCompaction().Compact(new V1Namespace { Metadata = new V1ObjectMeta { Name = "bare" } });

        Assert.Null(ns.Metadata.Labels);
        Assert.Null(ns.Metadata.Annotations);
        Assert.Null(ns.Metadata.Finalizers);
        Assert.Equal("bare", ns.Metadata.Name);
    }

    [Fact]
    public void Share_EqualStrings_AnswersTheFirstInstance()
    {
        var shared = new SharedValues();
        var first = new string('a', 3);
        var second = new string('a', 3);

        Assert.Same(first, shared.Share(first));
        Assert.Same(first, shared.Share(second));
        Assert.Null(shared.Share(null));
        Assert.Same("", shared.Share(new string('b', 0)));
        Assert.Equal(1, shared.Count);
    }

    [Fact]
    public void Share_PastTheBound_StartsAfreshAndNeverHoldsMore()
    {
        var shared = new SharedValues(maxChars: 10);
        var first = new string('a', 6);
        shared.Share(first);
        shared.Share(new string('b', 6));
        var later = new string('a', 6);

        Assert.Equal(1, shared.Count);
        Assert.Same(later, shared.Share(later));
        Assert.Equal(1, shared.Count);
        var huge = new string('c', 11);
        Assert.Same(huge, shared.Share(huge));
        Assert.NotSame(huge, shared.Share(new string('c', 11)));
        Assert.Equal(1, shared.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SharedValues(0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(MetadataMap.MaxEntries)]
    [InlineData(MetadataMap.MaxEntries + 1)]
    public void Of_AnySize_AnswersEveryKeyAndNoOther(int count)
    {
        var source = Enumerable.Range(0, count).ToDictionary(i => $"key-{i}", i => $"value-{i}");

        var map = MetadataMap.Of(source, new SharedValues())!;

        Assert.Equal(count, map.Count);
        Assert.Equal(source.OrderBy(p => p.Key), map.OrderBy(p => p.Key));
        foreach (var (key, value) in source)
        {
            Assert.Equal(value, map[key]);
            Assert.True(map.ContainsKey(key));
            Assert.Contains(new KeyValuePair<string, string>(key, value), map);
        }

        Assert.False(map.TryGetValue("missing", out _));
        Assert.Throws<KeyNotFoundException>(() => map["missing"]);
        Assert.Equal(count <= MetadataMap.MaxEntries, map is MetadataMap);
        Assert.Null(MetadataMap.Of(null, new SharedValues()));
    }

    [Fact]
    public void MetadataMap_Write_ThrowsAndACopyCanBeChanged()
    {
        var map = MetadataMap.Of(new Dictionary<string, string> { ["a"] = "1" }, new SharedValues())!;

        Assert.True(map.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => map["b"] = "2");
        Assert.Throws<NotSupportedException>(() => map.Add("b", "2"));
        Assert.Throws<NotSupportedException>(() => map.Remove("a"));
        Assert.Throws<NotSupportedException>(map.Clear);
        var copy = new Dictionary<string, string>(map) { ["b"] = "2" };
        Assert.Equal(2, copy.Count);
        Assert.Contains("""
            "labels":{"a":"1"}
            """, KubernetesJson.Serialize(new V1ObjectMeta { Name = "x", Labels = map }), StringComparison.Ordinal);
    }
}
