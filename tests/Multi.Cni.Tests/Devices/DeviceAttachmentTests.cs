using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Sandbox.Host;

namespace Multi.Cni.Tests.Devices;

/// <summary>
/// Device-plugin attachments end to end (host-interfaces.md, section 10): devices from a PodResources server on a Unix socket
/// or the checkpoint file, moved into a real pod namespace by a plugin that selects them by the injected <c>pciBusID</c>,
/// device-info in <c>network-status</c>, and the failures (codes 110 and 11, unusable sources, a broken device-info file).
/// </summary>
public sealed class DeviceAttachmentTests : IAsyncLifetime
{
    private const string PciInfo = """{"type":"pci","version":"1.1.0","pci":{"pci-address":"0000:03:02.0","pf-pci-address":"0000:03:00.0"}}""";

    private VfNode node = null!;

    public async ValueTask InitializeAsync() => node = await VfNode.CreateAsync();

    public async ValueTask DisposeAsync() => await node.DisposeAsync();

    [Fact]
    public async Task Add_TwoAttachmentsOfOneResource_MoveDifferentDevicesIntoThePod()
    {
        var (vfA, vfB) = (await node.VfAsync("a"), await node.VfAsync("b"));
        await using var kubelet = await PodResourcesServer.StartAsync(node.Socket);
        kubelet.Kubelet.Pod("default", "p1", ("app", VfNode.Resource, [vfA, vfB]));
        await node.NadAsync("vf-one");
        await node.NadAsync("vf-two");
        node.DpFile(vfA, PciInfo);
        var uid = await node.PodObjectAsync("p1", "vf-one,vf-two", requested: 2);

        var (outcome, _) = await node.RunAsync("ADD", "p1", uid);

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + node.Stderr);
        Assert.True(await node.InPodAsync("net1") && await node.InPodAsync("net2"));
        Assert.False(await VfNode.InHostAsync(vfA) || await VfNode.InHostAsync(vfB));
        var (first, second) = (node.Received("net1", "ADD"), node.Received("net2", "ADD"));
        Assert.Equal((vfA, vfA, vfA), (Text(first, "deviceID"), Text(first, "pciBusID"), Text(first["runtimeConfig"]!, "deviceID")));
        Assert.Equal((vfB, vfB, vfB), (Text(second, "deviceID"), Text(second, "pciBusID"), Text(second["runtimeConfig"]!, "deviceID")));
        Assert.Equal(node.CniFile("vf-one", "p1", "net1"), Text(first["runtimeConfig"]!, "CNIDeviceInfoFile"));
        Assert.Equal(["Get default/p1"], kubelet.Kubelet.Calls);

        var status = await node.NetworkStatusAsync("p1");
        Assert.Equal(["cluster", "default/vf-one", "default/vf-two"], status.Select(e => Text(e!, "name")));
        Assert.Equal("""{"type":"pci","version":"1.1.0","pci":{"pci-address":"0000:03:02.0","pf-pci-address":"0000:03:00.0"}}""", status[1]!["device-info"]!.ToJsonString());
        Assert.Null(status[2]!["device-info"]); // no device plugin file for vfB
        Assert.True(File.Exists(node.CniFile("vf-one", "p1", "net1")));

        var (deleted, _) = await node.RunAsync("DEL", "p1", uid);

        Assert.True(deleted.ExitCode == 0, deleted.Stdout + node.Stderr);
        Assert.False(File.Exists(node.CniFile("vf-one", "p1", "net1")));
        Assert.True(await VfNode.InHostAsync(vfA) && await VfNode.InHostAsync(vfB));
        Assert.Equal(vfB, Text(node.Received("net2", "DEL"), "pciBusID")); // DEL got the device from the cache
    }

    [Fact]
    public async Task Add_KubeletWithoutGet_IsReadThroughList()
    {
        var vf = await node.VfAsync("a");
        await using var kubelet = await PodResourcesServer.StartAsync(node.Socket);
        kubelet.Kubelet.OffersGet = false;
        kubelet.Kubelet.Pod("default", "other", ("app", VfNode.Resource, ["not-this-one"]));
        kubelet.Kubelet.Pod("default", "p2", ("init", "example.com/other", ["x"]), ("app", VfNode.Resource, [vf]));
        await node.NadAsync("vf-one");
        var uid = await node.PodObjectAsync("p2", "vf-one", requested: 1);

        var (outcome, _) = await node.RunAsync("ADD", "p2", uid);

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + node.Stderr);
        Assert.Equal(["Get default/p2", "List"], kubelet.Kubelet.Calls);
        Assert.Equal(vf, Text(node.Received("net1", "ADD"), "deviceID"));
        Assert.True(await node.InPodAsync("net1"));
    }

    [Fact]
    public async Task Add_PodDoesNotRequestTheResource_FailsWith110BeforeAnyDelegate()
    {
        await using var kubelet = await PodResourcesServer.StartAsync(node.Socket);
        kubelet.Kubelet.Pod("default", "p3");
        await node.NadAsync("vf-one");
        var uid = await node.PodObjectAsync("p3", "vf-one", requested: 0);

        var (outcome, json) = await node.RunAsync("ADD", "p3", uid);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(110u, json!["code"]!.GetValue<uint>());
        Assert.Equal(
            "pod default/p3: network default/vf-one (net1) needs a device of resource example.com/vf (NAD annotation k8s.v1.cni.cncf.io/resourceName), but the pod does not request example.com/vf: add it to a container's resources.limits",
            Text(json, "msg"));
        Assert.Empty(Directory.GetFiles(node.Records));
    }

    [Fact]
    public async Task Add_RequestedButKubeletReportsNoDeviceYet_FailsWith11()
    {
        await using var kubelet = await PodResourcesServer.StartAsync(node.Socket);
        kubelet.Kubelet.Pod("default", "p4");
        await node.NadAsync("vf-one");
        var uid = await node.PodObjectAsync("p4", "vf-one", requested: 1);

        var (outcome, json) = await node.RunAsync("ADD", "p4", uid);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(11u, json!["code"]!.GetValue<uint>());
        Assert.Contains("the pod requests 1 but the kubelet reports no example.com/vf device for it yet", Text(json, "msg"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_OneUnitForTwoAttachments_FailsWith110BeforeAnyDelegate()
    {
        var vf = await node.VfAsync("a");
        await using var kubelet = await PodResourcesServer.StartAsync(node.Socket);
        kubelet.Kubelet.Pod("default", "p5", ("app", VfNode.Resource, [vf]));
        await node.NadAsync("vf-one");
        await node.NadAsync("vf-two");
        var uid = await node.PodObjectAsync("p5", "vf-one,vf-two", requested: 1);

        var (outcome, json) = await node.RunAsync("ADD", "p5", uid);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(110u, json!["code"]!.GetValue<uint>());
        Assert.Contains("network default/vf-two (net2) needs a device of resource example.com/vf", Text(json, "msg"), StringComparison.Ordinal);
        Assert.Contains("the pod requests 1 and all 1 allocated example.com/vf devices are taken by earlier attachments", Text(json, "msg"), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(node.Records));
        Assert.True(await VfNode.InHostAsync(vf));
    }

    [Fact]
    public async Task Add_DelegateWritesAnInvalidDeviceInfoFile_FailsAndRollsBack()
    {
        var (vfA, vfB) = (await node.VfAsync("a"), await node.VfAsync("b"));
        await using var kubelet = await PodResourcesServer.StartAsync(node.Socket);
        kubelet.Kubelet.Pod("default", "p6", ("app", VfNode.Resource, [vfA, vfB]));
        await node.NadAsync("vf-one");
        await node.NadAsync("vf-broken", garbageDeviceInfo: true);
        node.DpFile(vfA, PciInfo);
        var uid = await node.PodObjectAsync("p6", "vf-one,vf-broken", requested: 2);

        var (outcome, json) = await node.RunAsync("ADD", "p6", uid);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(101u, json!["code"]!.GetValue<uint>());
        Assert.StartsWith($"device-info file {node.CniFile("vf-broken", "p6", "net2")} is unusable: ", Text(json, "msg"), StringComparison.Ordinal);
        Assert.True(await VfNode.InHostAsync(vfA) && await VfNode.InHostAsync(vfB)); // the rollback's DELs moved both back
        Assert.False(await node.InPodAsync("net1") || await node.InPodAsync("net2"));
        Assert.False(File.Exists(node.CniFile("vf-one", "p6", "net1")) || File.Exists(node.CniFile("vf-broken", "p6", "net2")));
    }

    public static TheoryData<string, string> UnusableSockets => new()
    {
        { "absent", "flat" },
        { "garbage", "numa" },
        { "silent", "numa" },
    };

    [Theory]
    [MemberData(nameof(UnusableSockets))]
    public async Task Add_PodResourcesUnusable_FallsBackToTheCheckpointWithinTheBound(string socket, string format)
    {
        var vf = await node.VfAsync("a");
        using var raw = socket switch
        {
            "garbage" => new RawSocketServer(node.Socket, Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n\u0000\u0001garbage")),
            "silent" => new RawSocketServer(node.Socket, garbage: null),
            _ => null,
        };
        await node.NadAsync("vf-one");
        var uid = await node.PodObjectAsync("p7", "vf-one", requested: 1);
        var ids = format == "flat" ? $"[\"{vf}\"]" : $"{{\"0\":[\"{vf}\"]}}";
        await File.WriteAllTextAsync(node.Checkpoint, $$$"""{"Data":{"PodDeviceEntries":[{"PodUID":"{{{uid}}}","ContainerName":"app","ResourceName":"example.com/vf","DeviceIDs":{{{ids}}},"AllocResp":""}],"RegisteredDevices":{}},"Checksum":1}""", TestContext.Current.CancellationToken);

        var watch = Stopwatch.StartNew();
        var (outcome, _) = await node.RunAsync("ADD", "p7", uid, node.Config(c => c["podResourcesTimeoutSeconds"] = 1));

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + node.Stderr);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(vf, Text(node.Received("net1", "ADD"), "pciBusID"));
        Assert.Contains($"the kubelet PodResources API at {node.Socket}", node.Stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_NoSourceUsable_FailsWith11NamingBoth()
    {
        await node.NadAsync("vf-one");
        var uid = await node.PodObjectAsync("p8", "vf-one", requested: 1);
        await File.WriteAllTextAsync(node.Checkpoint, "{\"Data\":", TestContext.Current.CancellationToken);

        var (outcome, json) = await node.RunAsync("ADD", "p8", uid);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(11u, json!["code"]!.GetValue<uint>());
        var details = Text(json, "details");
        Assert.Contains($"the kubelet PodResources API at {node.Socket} is not available: the socket does not exist", details, StringComparison.Ordinal);
        Assert.Contains($"the kubelet device checkpoint {node.Checkpoint}: the kubelet device checkpoint is unusable", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_NoResourceName_NeverAsksTheKubelet()
    {
        await using var kubelet = await PodResourcesServer.StartAsync(node.Socket);
        await node.NadAsync("plain", resource: null);
        var uid = await node.PodObjectAsync("p9", "plain", requested: 0);

        var (outcome, _) = await node.RunAsync("ADD", "p9", uid);

        // The plugin refuses without a pciBusID: the attachment got no device, and the kubelet was never called.
        Assert.Equal(1, outcome.ExitCode);
        Assert.Null(node.Received("net1", "ADD")["deviceID"]);
        Assert.Empty(kubelet.Kubelet.Calls);
    }

    [Fact]
    public async Task Gc_StaleSandbox_DeletesItsAttachmentsAndDeviceInfoFile()
    {
        var vf = await node.VfAsync("a");
        await using var kubelet = await PodResourcesServer.StartAsync(node.Socket);
        kubelet.Kubelet.Pod("default", "g1", ("app", VfNode.Resource, [vf]));
        await node.NadAsync("vf-one");
        node.DpFile(vf, PciInfo);
        var uid = await node.PodObjectAsync("g1", "vf-one", requested: 1);
        var (added, _) = await node.RunAsync("ADD", "g1", uid);
        Assert.True(added.ExitCode == 0, added.Stdout + node.Stderr);
        Assert.True(File.Exists(node.CniFile("vf-one", "g1", "net1")));

        var gc = node.Config(c =>
        {
            c["cniVersion"] = "1.1.0";
            c["cni.dev/valid-attachments"] = new JsonArray();
        });
        var (outcome, _) = await node.RunAsync("GC", "g1", uid, gc);

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + node.Stderr);
        Assert.False(File.Exists(node.CniFile("vf-one", "g1", "net1")));
        Assert.Equal(vf, Text(node.Received("net1", "DEL"), "pciBusID")); // the stale attachment's DEL names its device (GC sends no netns)
    }

    [Fact]
    public async Task Del_WithoutCacheEntry_RemovesTheDeviceInfoFileByTheNamingRule()
    {
        var vf = await node.VfAsync("a");
        await using var kubelet = await PodResourcesServer.StartAsync(node.Socket);
        kubelet.Kubelet.Pod("default", "d1", ("app", VfNode.Resource, [vf]));
        await node.NadAsync("vf-one");
        node.DpFile(vf, PciInfo);
        var uid = await node.PodObjectAsync("d1", "vf-one", requested: 1);
        var (added, _) = await node.RunAsync("ADD", "d1", uid);
        Assert.True(added.ExitCode == 0, added.Stdout + node.Stderr);
        Directory.Delete(node.Dir["cache"], recursive: true);

        var (outcome, _) = await node.RunAsync("DEL", "d1", uid);

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + node.Stderr);
        Assert.False(File.Exists(node.CniFile("vf-one", "d1", "net1")));
    }

    [Fact]
    public async Task Del_LateForADeviceHandedToAnotherSandbox_LeavesTheDeviceAlone()
    {
        var vf = await node.VfAsync("a");
        await using var kubelet = await PodResourcesServer.StartAsync(node.Socket);
        kubelet.Kubelet.Pod("default", "h1", ("app", VfNode.Resource, [vf]));
        await node.NadAsync("vf-one");
        var oldUid = await node.PodObjectAsync("h1", "vf-one", requested: 1);
        Assert.True((await node.RunAsync("ADD", "h1", oldUid)).Outcome.ExitCode == 0, node.Stderr.ToString());
        // The old sandbox dies without a DEL: its namespace would give the VF back to the host; the kubelet hands it to h2.
        Assert.True((await HostCommand.RunAsync("ip", "-n", node.Pod.Name, "link", "set", "net1", "netns", "1", "name", vf)).Succeeded);
        kubelet.Kubelet.Pod("default", "h2", ("app", VfNode.Resource, [vf]));
        var newUid = await node.PodObjectAsync("h2", "vf-one", requested: 1);
        Assert.True((await node.RunAsync("ADD", "h2", newUid)).Outcome.ExitCode == 0, node.Stderr.ToString());

        var (late, _) = await node.RunAsync("DEL", "h1", oldUid);

        Assert.True(late.ExitCode == 0, late.Stdout + node.Stderr);
        Assert.False(File.Exists(Path.Combine(node.Records, "net1.DEL.json")), "the late DEL must not reach the delegate of a device now in use");
        Assert.True(await node.InPodAsync("net1"));
        Assert.Contains($"device {vf} of resource {VfNode.Resource} now belongs to c-h2/eth0; the DEL of c-h1 leaves it untouched", node.Stderr.ToString(), StringComparison.Ordinal);

        var (current, _) = await node.RunAsync("DEL", "h2", newUid);

        Assert.True(current.ExitCode == 0, current.Stdout + node.Stderr);
        Assert.Equal(vf, Text(node.Received("net1", "DEL"), "pciBusID"));
        Assert.True(await VfNode.InHostAsync(vf));
    }

    [Fact]
    public async Task Add_DeviceLockedByAnotherOperation_WaitsThenFails11WithNothingAttached()
    {
        var vf = await node.VfAsync("a");
        await using var kubelet = await PodResourcesServer.StartAsync(node.Socket);
        kubelet.Kubelet.Pod("default", "l1", ("app", VfNode.Resource, [vf]));
        await node.NadAsync("vf-one");
        var uid = await node.PodObjectAsync("l1", "vf-one", requested: 1);
        var lockPath = Path.Combine(node.Dir["cache"], "devices", $"example.com-vf_{vf}.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);

        JsonObject? json;
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            (_, json) = await node.RunAsync("ADD", "l1", uid, node.Config(c => c["delegateTimeoutSeconds"] = 1));
        }

        Assert.Equal(11u, json!["code"]!.GetValue<uint>());
        Assert.Equal($"cannot lock device {vf} of resource {VfNode.Resource} ({lockPath}) within 1 s", Text(json, "msg"));
        Assert.False(File.Exists(Path.Combine(node.Records, "net1.ADD.json")));
        Assert.True(await VfNode.InHostAsync(vf));
        Assert.True((await node.RunAsync("ADD", "l1", uid)).Outcome.ExitCode == 0, node.Stderr.ToString());
    }

    private static string? Text(JsonNode node, string key) => node[key]?.GetValue<string>();
}
