using Multi.Core.Cni.Results;

namespace Multi.Core.Tests.Support;

/// <summary>Result fixtures shared by the codec, builder and cache tests.</summary>
internal static class SampleResults
{
    /// <summary>A 1.1 result using every field: host and pod interface, dual stack, 1.1 route fields, DNS.</summary>
    public const string Rich11Json = """
        {"cniVersion":"1.1.0",
         "interfaces":[
           {"name":"veth1","mac":"aa:bb:cc:dd:ee:01","mtu":1400},
           {"name":"eth0","mac":"02:00:00:00:00:05","mtu":1450,"sandbox":"/var/run/netns/pod","socketPath":"/run/vhost.sock","pciID":"0000:00:1f.0"}],
         "ips":[
           {"interface":1,"address":"10.1.0.5/24","gateway":"10.1.0.1"},
           {"interface":1,"address":"fd00::5/64","gateway":"fd00::1"},
           {"interface":1,"address":"10.2.0.5/16"}],
         "routes":[
           {"dst":"0.0.0.0/0","gw":"10.1.0.1","mtu":1400,"advmss":1360,"priority":100,"table":10,"scope":0},
           {"dst":"::/0","gw":"fd00::1"},
           {"dst":"192.168.0.0/16"}],
         "dns":{"nameservers":["10.96.0.10"],"domain":"cluster.local","search":["ns.svc.cluster.local"],"options":["ndots:5"]}}
        """;

    public static CniResult Rich11 { get; } = new(
        "1.1.0",
        [
            new CniInterface("veth1", "aa:bb:cc:dd:ee:01", 1400),
            new CniInterface("eth0", "02:00:00:00:00:05", 1450, "/var/run/netns/pod", "/run/vhost.sock", "0000:00:1f.0"),
        ],
        [
            new CniIpConfig("10.1.0.5/24", "10.1.0.1", 1),
            new CniIpConfig("fd00::5/64", "fd00::1", 1),
            new CniIpConfig("10.2.0.5/16", null, 1),
        ],
        [
            new CniRoute("0.0.0.0/0", "10.1.0.1", 1400, 1360, 100, 10, 0),
            new CniRoute("::/0", "fd00::1"),
            new CniRoute("192.168.0.0/16"),
        ],
        new CniDns(["10.96.0.10"], "cluster.local", ["ns.svc.cluster.local"], ["ndots:5"]));

    /// <summary>What <see cref="Rich11"/> keeps in <paramref name="version"/> (cni-protocol.md, section 5).</summary>
    public static CniResult Rich11As(string version) => version switch
    {
        "1.1.0" => Rich11,
        "0.1.0" or "0.2.0" => new CniResult(
            version,
            [],
            [new CniIpConfig("10.1.0.5/24", "10.1.0.1"), new CniIpConfig("fd00::5/64", "fd00::1")],
            [new CniRoute("0.0.0.0/0", "10.1.0.1"), new CniRoute("192.168.0.0/16"), new CniRoute("::/0", "fd00::1")],
            Rich11.Dns),
        _ => Rich11 with
        {
            CniVersion = version,
            Interfaces = [new CniInterface("veth1", "aa:bb:cc:dd:ee:01"), new CniInterface("eth0", "02:00:00:00:00:05", null, "/var/run/netns/pod")],
            Routes = [new CniRoute("0.0.0.0/0", "10.1.0.1"), new CniRoute("::/0", "fd00::1"), new CniRoute("192.168.0.0/16")],
        },
    };
}
