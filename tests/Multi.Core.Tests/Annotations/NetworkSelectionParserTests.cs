using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Annotations;

public sealed class NetworkSelectionParserTests
{
    private const string Pod = "pod-ns";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData(" [ ] ")]
    public void Parse_NoNetworks_IsEmptyNotAnError(string? annotation) =>
        Assert.Empty(NetworkSelectionParser.Parse(annotation, Pod).Unwrap());

    [Theory]
    [InlineData("net-a", "pod-ns/net-a|")]
    [InlineData(" net-a ", "pod-ns/net-a|")]
    [InlineData("other/net-a", "other/net-a|")]
    [InlineData("/net-a", "pod-ns/net-a|")]
    [InlineData("net-a@", "pod-ns/net-a|")]
    [InlineData("net-a@foo", "pod-ns/net-a|foo")]
    [InlineData("ns1 / net-a @ foo", "ns1/net-a|foo")]
    [InlineData("net-a@eth_1", "pod-ns/net-a|eth_1")]
    [InlineData("net-a@abcdefghijklmno", "pod-ns/net-a|abcdefghijklmno")]
    [InlineData("a,b@x, c/d", "pod-ns/a|;pod-ns/b|x;c/d|")]
    [InlineData("0,9-z", "pod-ns/0|;pod-ns/9-z|")]
    [InlineData("null", "pod-ns/null|")]
    public void Parse_CommaForm_Valid(string annotation, string expected) =>
        Assert.Equal(expected, Describe(NetworkSelectionParser.Parse(annotation, Pod).Unwrap()));

    [Theory]
    [InlineData("a/b/c", "more than one '/'")]
    [InlineData("a@b@c", "more than one '@'")]
    [InlineData("a,", "empty item")]
    [InlineData(",a", "empty item")]
    [InlineData("a,,b", "empty item")]
    [InlineData("   ", "empty item")]
    [InlineData("Net-A", "\"Net-A\" is not a DNS-1123 label")]
    [InlineData("net.a", "\"net.a\" is not a DNS-1123 label")]
    [InlineData("net_a", "\"net_a\" is not a DNS-1123 label")]
    [InlineData("-net", "\"-net\" is not a DNS-1123 label")]
    [InlineData("net-", "\"net-\" is not a DNS-1123 label")]
    [InlineData("Ns/net", "\"Ns\" is not a DNS-1123 label")]
    [InlineData("ns/", "the network name is empty")]
    [InlineData("@foo", "the network name is empty")]
    [InlineData("net@abcdefghijklmnop", "longer than 15 bytes")]
    [InlineData("net@ééééééééé", "longer than 15 bytes")]
    [InlineData("net@a\u00a0b", "must not contain whitespace")]
    public void Parse_CommaForm_Invalid_Fails103(string annotation, string reason)
    {
        var error = NetworkSelectionParser.Parse(annotation, Pod).Error;

        Assert.NotNull(error);
        Assert.Equal(CniErrorCode.InvalidAnnotation, error.Code);
        Assert.StartsWith("invalid k8s.v1.cni.cncf.io/networks annotation: item ", error.Msg, StringComparison.Ordinal);
        Assert.Contains(reason, error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"name":"a"}]""", "pod-ns/a|")]
    [InlineData("""[{"name":"a.b_C","namespace":""}]""", "pod-ns/a.b_C|")]
    [InlineData("""[{"name":"a","namespace":"x","interface":"foo"}]""", "x/a|foo")]
    [InlineData("""[{"name":"a","interfaceRequest":"old"}]""", "pod-ns/a|old")]
    [InlineData("""[{"name":"a","interface":"","interfaceRequest":"old"}]""", "pod-ns/a|old")]
    [InlineData("""[{"name":"a","interface":"new","interfaceRequest":"old"}]""", "pod-ns/a|new")]
    [InlineData("""[{"name":"a"},{"name":"a"}]""", "pod-ns/a|;pod-ns/a|")]
    [InlineData("""[{"name":"a","unknown":[1],"example.com/x":{}}]""", "pod-ns/a|")]
    [InlineData("""[{"name":"a","ips":null,"mac":null}]""", "pod-ns/a|")]
    public void Parse_JsonForm_Valid(string annotation, string expected) =>
        Assert.Equal(expected, Describe(NetworkSelectionParser.Parse(annotation, Pod).Unwrap()));

    [Fact]
    public void Parse_JsonForm_ReadsEveryKey()
    {
        const string annotation = """
            [{"name":"macvlan","namespace":"x","interface":"net-x","ips":["10.1.1.5/24","fd00::5"],"mac":"02:00:00:00:00:01",
              "infiniband-guid":"00:11:22:33:44:55:66:77","default-route":["10.1.1.1"],
              "portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp","hostIP":"1.2.3.4"}],
              "bandwidth":{"ingressRate":1000,"ingressBurst":2000,"egressRate":3000,"egressBurst":4000},
              "cni-args":{"foo":"bar","n":1},"deviceID":"0000:03:00.1","ipam-claim-reference":"claim-1"}]
            """;

        var s = Assert.Single(NetworkSelectionParser.Parse(annotation, Pod).Unwrap());

        Assert.Equal(("x", "macvlan", "net-x"), (s.Namespace, s.Name, s.InterfaceRequest));
        Assert.Equal(["10.1.1.5/24", "fd00::5"], s.Ips);
        Assert.Equal("02:00:00:00:00:01", s.Mac);
        Assert.Equal("00:11:22:33:44:55:66:77", s.InfinibandGuid);
        Assert.Equal(["10.1.1.1"], s.DefaultRoute!.Value.Select(g => g.ToString()));
        JsonAssert.Equal("""[{"hostPort":8080,"containerPort":80,"protocol":"tcp","hostIP":"1.2.3.4"}]""", s.PortMappings);
        JsonAssert.Equal("""{"ingressRate":1000,"ingressBurst":2000,"egressRate":3000,"egressBurst":4000}""", s.Bandwidth);
        JsonAssert.Equal("""{"foo":"bar","n":1}""", s.CniArgs);
        Assert.Equal("0000:03:00.1", s.DeviceId);
        Assert.Equal("claim-1", s.IpamClaimReference);
    }

    [Theory]
    [InlineData("""[{"name":"a"}]""", false, 0)]
    [InlineData("""[{"name":"a","default-route":null}]""", false, 0)]
    [InlineData("""[{"name":"a","default-route":[]}]""", true, 0)]
    [InlineData("""[{"name":"a","default-route":["10.0.0.1","fd00::1"]}]""", true, 2)]
    public void Parse_DefaultRoute_DistinguishesAbsentFromEmpty(string annotation, bool present, int count)
    {
        var s = Assert.Single(NetworkSelectionParser.Parse(annotation, Pod).Unwrap());

        Assert.Equal(present, s.DefaultRoute.HasValue);
        Assert.Equal(count, s.DefaultRoute?.Length ?? 0);
    }

    [Theory]
    [InlineData("""{"name":"a"}""", "must be an array of objects, not object")]
    [InlineData("\"a\"", "must be an array of objects, not string")]
    [InlineData("""["a"]""", "element 1 must be an object, not string")]
    [InlineData("""[{"name":"a"},null]""", "element 2 must be an object, not null")]
    [InlineData("[{\"name\":\"a\"}", "not valid JSON")]
    [InlineData("""[{"name":"a","name":"b"}]""", "not valid JSON")]
    [InlineData("""[{"name":"a","\udf0a":1}]""", "not valid JSON")]
    [InlineData("""[{"name":"\ud800"}]""", "not valid JSON")]
    [InlineData("""[{}]""", "\"name\" is required")]
    [InlineData("""[{"name":""}]""", "\"name\" is required")]
    [InlineData("""[{"name":1}]""", "\"name\" must be a string")]
    [InlineData("""[{"name":"a","namespace":true}]""", "\"namespace\" must be a string")]
    [InlineData("""[{"name":"a","interface":"a b"}]""", "must not contain whitespace")]
    [InlineData("""[{"name":"a","interface":"a/b"}]""", "must not contain whitespace or '/'")]
    [InlineData("""[{"name":"a","interfaceRequest":"abcdefghijklmnop"}]""", "longer than 15 bytes")]
    [InlineData("""[{"name":"a","interface":5}]""", "\"interface\" must be a string")]
    [InlineData("""[{"name":"a","interface":"x","interfaceRequest":5}]""", "\"interfaceRequest\" must be a string")]
    [InlineData("""[{"name":"a","ips":"10.0.0.1"}]""", "\"ips\" must be an array")]
    [InlineData("""[{"name":"a","ips":[1]}]""", "\"ips\" must hold only strings")]
    [InlineData("""[{"name":"a","ips":["10.0.0.256"]}]""", "\"10.0.0.256\" is not an IP address or CIDR")]
    [InlineData("""[{"name":"a","ips":["10.0.0.1/33"]}]""", "not an IP address or CIDR")]
    [InlineData("""[{"name":"a","ips":["fd00::1/129"]}]""", "not an IP address or CIDR")]
    [InlineData("""[{"name":"a","ips":["010.0.0.1"]}]""", "not an IP address or CIDR")]
    [InlineData("""[{"name":"a","ips":["1"]}]""", "not an IP address or CIDR")]
    [InlineData("""[{"name":"a","ips":["fe80::1%eth0"]}]""", "not an IP address or CIDR")]
    [InlineData("""[{"name":"a","ips":[""]}]""", "not an IP address or CIDR")]
    [InlineData("""[{"name":"a","mac":"02:00:00:00:00"}]""", "\"mac\" \"02:00:00:00:00\" is not a hardware address")]
    [InlineData("""[{"name":"a","mac":"02:00:00-00:00:01"}]""", "is not a hardware address")]
    [InlineData("""[{"name":"a","mac":"0g:00:00:00:00:01"}]""", "is not a hardware address")]
    [InlineData("""[{"name":"a","mac":5}]""", "\"mac\" must be a string")]
    [InlineData("""[{"name":"a","infiniband-guid":"zz"}]""", "\"infiniband-guid\" \"zz\" is not a hardware address")]
    [InlineData("""[{"name":"a","default-route":"10.0.0.1"}]""", "\"default-route\" must be an array")]
    [InlineData("""[{"name":"a","default-route":["10.0.0.1/24"]}]""", "\"default-route\" entry \"10.0.0.1/24\" is not an IP address")]
    [InlineData("""[{"name":"a","portMappings":{}}]""", "\"portMappings\" must be an array")]
    [InlineData("""[{"name":"a","portMappings":[1]}]""", "must hold only objects")]
    [InlineData("""[{"name":"a","portMappings":[{"hostPort":"80"}]}]""", "\"hostPort\" must be an integer")]
    [InlineData("""[{"name":"a","portMappings":[{"protocol":6}]}]""", "\"protocol\" must be a string")]
    [InlineData("""[{"name":"a","bandwidth":[]}]""", "\"bandwidth\" must be an object")]
    [InlineData("""[{"name":"a","bandwidth":{"ingressRate":1.5}}]""", "\"ingressRate\" must be an integer")]
    [InlineData("""[{"name":"a","cni-args":"x=y"}]""", "\"cni-args\" must be an object")]
    [InlineData("""[{"name":"a","deviceID":1}]""", "\"deviceID\" must be a string")]
    [InlineData("""[{"name":"a","ipam-claim-reference":[]}]""", "\"ipam-claim-reference\" must be a string")]
    public void Parse_JsonForm_Invalid_Fails103(string annotation, string reason)
    {
        var error = NetworkSelectionParser.Parse(annotation, Pod).Error;

        Assert.NotNull(error);
        Assert.Equal(CniErrorCode.InvalidAnnotation, error.Code);
        Assert.StartsWith("invalid k8s.v1.cni.cncf.io/networks annotation: ", error.Msg, StringComparison.Ordinal);
        Assert.Contains(reason, error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonError_NamesTheElementAndNetwork()
    {
        var error = NetworkSelectionParser.Parse("""[{"name":"ok"},{"name":"bad","ips":["x"]}]""", Pod).Error!;

        Assert.Equal("invalid k8s.v1.cni.cncf.io/networks annotation: element 2 (\"bad\"): \"ips\" entry \"x\" is not an IP address or CIDR", error.Msg);
    }

    [Theory]
    [InlineData("02:00:5e:10:00:01")]
    [InlineData("02-00-5E-10-00-01")]
    [InlineData("0200.5e10.0001")]
    [InlineData("02:00:5e:10:00:00:00:01")]
    [InlineData("0200.5e10.0000.0001")]
    [InlineData("00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01")]
    [InlineData("0000.0000.fe80.0000.0000.0000.0200.5e10.0000.0001")]
    public void HardwareAddress_GoParseMacForms_AreValid(string text) => Assert.True(HardwareAddress.IsValid(text));

    [Theory]
    [InlineData("")]
    [InlineData("02:00:5e:10:00")]
    [InlineData("02:00:5e:10:00:01:02")]
    [InlineData("0200:5e10:0001")]
    [InlineData("02.00.5e.10.00.01")]
    [InlineData("0200.5e10.001")]
    [InlineData("0200.5e10.00011")]
    [InlineData("02:00:5e:10:00:0x")]
    [InlineData("02:00:5e:10:00:01:")]
    [InlineData("020:0:5e:10:00:01")]
    public void HardwareAddress_OtherForms_AreInvalid(string text) => Assert.False(HardwareAddress.IsValid(text));

    [Theory]
    [InlineData(null, "multus", null)]
    [InlineData("", "multus", null)]
    [InlineData("[]", "multus", null)]
    [InlineData("calico", "multus", "multus/calico|")]
    [InlineData("calico@eth9", "multus", "multus/calico|")]
    [InlineData("other/calico", "multus", "other/calico|")]
    [InlineData("""[{"name":"calico","interface":"eth9"}]""", "kube-system", "kube-system/calico|")]
    public void ParseDefaultNetwork_Valid(string? annotation, string multusNamespace, string? expected)
    {
        var selection = NetworkSelectionParser.ParseDefaultNetwork(annotation, multusNamespace).Unwrap();

        Assert.Equal(expected, selection is null ? null : Describe([selection]));
    }

    [Theory]
    [InlineData("a,b", "exactly one network is allowed, found 2")]
    [InlineData("""[{"name":"a"},{"name":"b"}]""", "exactly one network is allowed, found 2")]
    [InlineData("A", "not a DNS-1123 label")]
    [InlineData("""{"name":"a"}""", "must be an array")]
    public void ParseDefaultNetwork_Invalid_Fails103(string annotation, string reason)
    {
        var error = NetworkSelectionParser.ParseDefaultNetwork(annotation, "kube-system").Error;

        Assert.NotNull(error);
        Assert.Equal(CniErrorCode.InvalidAnnotation, error.Code);
        Assert.StartsWith("invalid v1.multus-cni.io/default-network annotation: ", error.Msg, StringComparison.Ordinal);
        Assert.Contains(reason, error.Msg, StringComparison.Ordinal);
    }

    private static string Describe(IEnumerable<NetworkSelection> selections) =>
        string.Join(';', selections.Select(s => $"{s.Namespace}/{s.Name}|{s.InterfaceRequest}"));
}
