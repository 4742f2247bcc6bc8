using Multi.Sandbox.Local;

namespace Multi.Sandbox.Tests.Local;

public sealed class KubeletDeviceAllocatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static KubeletPod Pod(string name, int seconds, params (string Container, int Units)[] requests) =>
        new("uid-" + name, "default", name, T0.AddSeconds(seconds), requests);

    private static string Devices(KubeletDeviceAllocator allocator, string name) =>
        string.Join("; ", allocator.DevicesOf("uid-" + name).Select(d => $"{d.Container}={string.Join(',', d.Ids)}"));

    [Theory]
    [InlineData("a:1,b:2", "a: app=vf0 | b: app=vf1,vf2")]
    [InlineData("b:2,a:1", "b: app=vf0,vf1 | a: app=vf2")]
    [InlineData("a:3,b:2", "a: app=vf0,vf1,vf2 | b: ")]
    [InlineData("a:0,b:1", "a:  | b: app=vf0")]
    [InlineData("a:5", "a: ")]
    public void Sync_PodsInCreationOrder_GetTheLowestFreeDevices(string pods, string expected)
    {
        var allocator = new KubeletDeviceAllocator(["vf0", "vf1", "vf2", "vf3"]);
        var list = pods.Split(',').Select((p, i) => Pod(p.Split(':')[0], i, ("app", int.Parse(p.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)))).ToList();

        allocator.Sync(list);

        Assert.Equal(expected, string.Join(" | ", list.Select(p => $"{p.Name}: {Devices(allocator, p.Name)}")));
    }

    [Fact]
    public void Sync_APodCreatedEarlierArrivesLater_DoesNotMoveExistingAllocations()
    {
        var allocator = new KubeletDeviceAllocator(["vf0", "vf1"]);
        allocator.Sync([Pod("late", 10, ("app", 1))]);

        allocator.Sync([Pod("late", 10, ("app", 1)), Pod("early", 0, ("app", 1))]);

        Assert.Equal(("app=vf0", "app=vf1"), (Devices(allocator, "late"), Devices(allocator, "early")));
    }

    [Fact]
    public void Sync_PodGone_FreesItsDevicesForTheNextPod()
    {
        var allocator = new KubeletDeviceAllocator(["vf0", "vf1"]);
        allocator.Sync([Pod("a", 0, ("app", 1)), Pod("b", 1, ("app", 1))]);

        allocator.Sync([Pod("b", 1, ("app", 1)), Pod("c", 2, ("app", 1))]);

        Assert.Equal(("", "app=vf1", "app=vf0"), (Devices(allocator, "a"), Devices(allocator, "b"), Devices(allocator, "c")));
    }

    [Fact]
    public void Sync_SeveralContainers_EachGetsItsOwnDevicesInSpecOrder()
    {
        var allocator = new KubeletDeviceAllocator(["vf0", "vf1", "vf2"]);

        allocator.Sync([Pod("a", 0, ("init", 0), ("one", 1), ("two", 2))]);

        Assert.Equal("one=vf0; two=vf1,vf2", Devices(allocator, "a"));
    }

    [Fact]
    public void Sync_SamePodsTwice_AnswersTheSame()
    {
        var pods = new[] { Pod("a", 0, ("app", 1)), Pod("b", 0, ("app", 1)) };
        var first = new KubeletDeviceAllocator(["vf0", "vf1"]);
        var second = new KubeletDeviceAllocator(["vf0", "vf1"]);

        first.Sync(pods);
        second.Sync([.. pods.Reverse()]);
        first.Sync(pods);

        Assert.Equal((Devices(first, "a"), Devices(first, "b")), (Devices(second, "a"), Devices(second, "b")));
        Assert.Equal(("app=vf0", "app=vf1"), (Devices(first, "a"), Devices(first, "b")));
    }
}
