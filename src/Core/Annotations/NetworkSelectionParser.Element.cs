using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Core.Annotations;

public static partial class NetworkSelectionParser
{
    private static readonly string[] PortMappingIntegers = ["hostPort", "containerPort"];
    private static readonly string[] PortMappingStrings = ["protocol", "hostIP"];
    private static readonly string[] BandwidthIntegers = ["ingressRate", "ingressBurst", "egressRate", "egressBurst"];

    /// <summary>One JSON element; throws <see cref="FormatException"/> with the reason when it is invalid.</summary>
    private static NetworkSelection ParseElement(JsonObject element, string podNamespace)
    {
        var name = Json.GetString(element, "name");
        if (string.IsNullOrEmpty(name))
        {
            throw new FormatException("\"name\" is required and must not be empty");
        }

        var ns = Json.GetString(element, "namespace");
        var requested = NonEmpty(Json.GetString(element, "interface"));
        var deprecated = NonEmpty(Json.GetString(element, "interfaceRequest"));
        var ifName = requested ?? deprecated;
        if (ifName is not null && InterfaceNameError(ifName) is { } ifError)
        {
            throw new FormatException($"interface name \"{ifName}\" {ifError}");
        }

        return new NetworkSelection(
            string.IsNullOrEmpty(ns) ? podNamespace : ns,
            name,
            ifName,
            Ips(element),
            HardwareAddressOf(element, "mac"),
            HardwareAddressOf(element, "infiniband-guid"),
            DefaultRoute(element),
            PortMappings(element),
            Bandwidth(element),
            ObjectOf(element, "cni-args"),
            NonEmpty(Json.GetString(element, "deviceID")),
            NonEmpty(Json.GetString(element, "ipam-claim-reference")));
    }

    private static ImmutableArray<string> Ips(JsonObject element)
    {
        var ips = Json.StringArray(element, "ips");
        foreach (var ip in ips)
        {
            if (!IpText.TryParseAddressOrCidr(ip, out _, out _))
            {
                throw new FormatException($"\"ips\" entry \"{ip}\" is not an IP address or CIDR");
            }
        }

        return ips;
    }

    private static ImmutableArray<IPAddress>? DefaultRoute(JsonObject element)
    {
        if (element["default-route"] is null)
        {
            return null;
        }

        var gateways = ImmutableArray.CreateBuilder<IPAddress>();
        foreach (var text in Json.StringArray(element, "default-route"))
        {
            gateways.Add(IpText.TryParseAddress(text, out var gateway)
                ? gateway
                : throw new FormatException($"\"default-route\" entry \"{text}\" is not an IP address"));
        }

        return gateways.ToImmutable();
    }

    private static string? HardwareAddressOf(JsonObject element, string key)
    {
        var text = NonEmpty(Json.GetString(element, key));
        return text is null || HardwareAddress.IsValid(text)
            ? text
            : throw new FormatException($"\"{key}\" \"{text}\" is not a hardware address of 6, 8 or 20 bytes");
    }

    private static JsonArray? PortMappings(JsonObject element)
    {
        switch (element["portMappings"])
        {
            case null:
                return null;
            case JsonArray array:
                foreach (var entry in array)
                {
                    var mapping = entry as JsonObject ?? throw new FormatException("\"portMappings\" must hold only objects");
                    CheckMembers(mapping, "portMappings[]", PortMappingIntegers, PortMappingStrings);
                }

                return (JsonArray)array.DeepClone();
            case var other:
                throw new FormatException($"\"portMappings\" must be an array, not {Kind(other)}");
        }
    }

    private static JsonObject? Bandwidth(JsonObject element)
    {
        var bandwidth = ObjectOf(element, "bandwidth");
        if (bandwidth is not null)
        {
            CheckMembers(bandwidth, "bandwidth", BandwidthIntegers, []);
        }

        return bandwidth;
    }

    private static void CheckMembers(JsonObject o, string what, string[] integers, string[] strings)
    {
        foreach (var key in integers)
        {
            if (o[key] is { } node && !(node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out _)))
            {
                throw new FormatException($"{what} \"{key}\" must be an integer, not {node.ToJsonString()}");
            }
        }

        foreach (var key in strings)
        {
            _ = Json.GetString(o, key) ?? string.Empty;
        }
    }

    private static JsonObject? ObjectOf(JsonObject element, string key) => element[key] switch
    {
        null => null,
        JsonObject o => (JsonObject)o.DeepClone(),
        var other => throw new FormatException($"\"{key}\" must be an object, not {Kind(other)}"),
    };

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
