using System.Collections.Immutable;
using Multi.Core.Cni.Results;
using Multi.Core.State;

namespace Multi.Core.Tests.Support;

internal static class SampleEntries
{
    /// <summary>An entry with every attachment state and results of several versions, including ones that stress the codec.</summary>
    public static AttachmentCacheEntry Rich()
    {
        var legacy = ResultCodec.Parse(
            TestJson.Bytes("""{"cniVersion":"0.2.0","ip4":{"ip":"10.3.0.5/24","gateway":"10.3.0.1","routes":[{"dst":"0.0.0.0/0"}]}}"""),
            "0.2.0").Unwrap();
        var current = ResultCodec.Convert(SampleResults.Rich11, "0.3.1").Unwrap();
        // A legacy result without addresses and a 0.4.0 result carrying a 1.1 field: neither can be written in its own version.
        var legacyDnsOnly = new CniResult("0.1.0", [], [], [], new CniDns(["10.96.0.10"], null, [], []));
        var withMtu = new CniResult("0.4.0", [new CniInterface("net5", "02:00:00:00:00:07", 9000, "/var/run/netns/pod")], [new CniIpConfig("10.5.0.5/24", null, 0)], [], null);
        return new AttachmentCacheEntry(
            "multi-cni-network",
            "c0ffee",
            "eth0",
            "/var/run/netns/pod",
            "1.0.0",
            "IgnoreUnknown=1;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;K8S_POD_UID=u",
            TestJson.Obj("""{"PortMappings":[{"HostPort":80,"ContainerPort":8080,"Protocol":"tcp"}],"bandwidth":{"ingressRate":1}}"""),
            [
                Attachment(0, "eth0", "cluster", "1.1.0", AttachmentState.Added, SampleResults.Rich11, """{"portMappings":[{"HostPort":80,"ContainerPort":8080,"Protocol":"tcp"}]}"""),
                Attachment(1, "net1", "pending-net", "0.4.0", AttachmentState.Pending, null, null),
                Attachment(2, "net2", "old-net", "0.2.0", AttachmentState.Failed, legacy, null),
                Attachment(3, "net3", "gone-net", "0.3.1", AttachmentState.Deleted, current, null),
                Attachment(4, "net4", "dns-only", "0.1.0", AttachmentState.Added, legacyDnsOnly, null),
                Attachment(5, "net5", "jumbo", "0.4.0", AttachmentState.Added, withMtu, null),
            ]);
    }

    public static CachedAttachment Attachment(int position, string ifName, string network, string version, AttachmentState state, CniResult? result, string? runtimeConfig) => new(
        position,
        $"nad ns/{network}",
        ifName,
        TestNetworks.Make(network, version),
        $"IgnoreUnknown=true;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;X={position}",
        runtimeConfig is null ? null : TestJson.Obj(runtimeConfig),
        state,
        result);

    /// <summary>A live entry for (containerId, eth0) whose attachments use the given (ifName, network) pairs.</summary>
    public static AttachmentCacheEntry For(string containerId, params (string IfName, string Network, AttachmentState State)[] attachments) => new(
        "multi-cni-network",
        containerId,
        "eth0",
        string.Empty,
        "1.1.0",
        string.Empty,
        null,
        attachments.Select((a, i) => Attachment(i, a.IfName, a.Network, "1.1.0", a.State, null, null)).ToImmutableArray());
}
