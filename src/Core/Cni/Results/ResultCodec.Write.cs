using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Core.Cni.Results;

public static partial class ResultCodec
{
    /// <summary>
    /// Renders <paramref name="result"/> in <paramref name="version"/> as a tree (see <see cref="RenderUtf8"/>; this parses
    /// its text). Down-conversion to 0.1.0/0.2.0 of a result without any address is impossible and fails with code 109.
    /// </summary>
    public static Outcome<JsonObject> Render(CniResult result, string version)
    {
        var text = RenderUtf8(result, version);
        return text.IsOk ? Outcome<JsonObject>.Ok((JsonObject)JsonNode.Parse(text.Value)!) : Outcome<JsonObject>.Fail(text.Error);
    }

    /// <summary>
    /// Renders <paramref name="result"/> in <paramref name="version"/> as the JSON text a plugin prints (compact, with
    /// <see cref="JsonText"/>'s escaping), written directly without a tree. Down-conversion to 0.1.0/0.2.0 of a result without
    /// any address is impossible and fails with code 109.
    /// </summary>
    public static Outcome<byte[]> RenderUtf8(CniResult result, string version)
    {
        if (!CniVersion.IsSupported(version))
        {
            return Outcome<byte[]>.Fail(CniErrorCode.IncompatibleVersion, $"cannot render a result in unsupported version {version}", $"supported: {CniVersion.SupportedList}");
        }

        var legacy = CniVersion.IsLegacy(version);
        var ip4 = legacy ? FirstOfFamily(result.Ips, v6: false) : null;
        var ip6 = legacy ? FirstOfFamily(result.Ips, v6: true) : null;
        if (legacy && ip4 is null && ip6 is null)
        {
            return Outcome<byte[]>.Fail(CniErrorCode.ResultNotExpressible, $"result has no IP address and cannot be expressed in version {version}");
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("cniVersion"u8, version);
            if (legacy)
            {
                WriteLegacyFamily(writer, "ip4"u8, ip4, result.Routes, v6: false);
                WriteLegacyFamily(writer, "ip6"u8, ip6, result.Routes, v6: true);
            }
            else
            {
                WriteCurrent(writer, result, version);
            }

            if (result.Dns is { IsEmpty: false } dns)
            {
                WriteDns(writer, dns);
            }

            writer.WriteEndObject();
        }

        return Outcome<byte[]>.Ok(buffer.WrittenSpan.ToArray());
    }

    /// <summary>Converts between versions by rendering in the target version and reading the output back.</summary>
    public static Outcome<CniResult> Convert(CniResult result, string version)
    {
        var rendered = Render(result, version);
        return rendered.IsOk ? Parse(rendered.Value, version) : Outcome<CniResult>.Fail(rendered.Error);
    }

    private static CniIpConfig? FirstOfFamily(ImmutableArray<CniIpConfig> ips, bool v6)
    {
        foreach (var ip in ips.IsDefault ? [] : ips)
        {
            if (IsIpv6(ip.Address) == v6)
            {
                return ip;
            }
        }

        return null;
    }

    private static void WriteCurrent(Utf8JsonWriter writer, CniResult result, string version)
    {
        var isOne = CniVersion.AtLeast(version, CniVersion.V100);
        var is11 = CniVersion.AtLeast(version, CniVersion.V110);
        if (!result.Interfaces.IsDefaultOrEmpty)
        {
            writer.WriteStartArray("interfaces"u8);
            foreach (var i in result.Interfaces)
            {
                WriteInterface(writer, i, is11);
            }

            writer.WriteEndArray();
        }

        if (!result.Ips.IsDefaultOrEmpty)
        {
            writer.WriteStartArray("ips"u8);
            foreach (var ip in result.Ips)
            {
                WriteIp(writer, ip, isOne);
            }

            writer.WriteEndArray();
        }

        if (!result.Routes.IsDefaultOrEmpty)
        {
            writer.WriteStartArray("routes"u8);
            foreach (var route in result.Routes)
            {
                WriteRoute(writer, route, is11);
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>0.1.0/0.2.0: <c>ip4</c> or <c>ip6</c> with the address, gateway and the routes of that family; nothing without an address.</summary>
    private static void WriteLegacyFamily(Utf8JsonWriter writer, ReadOnlySpan<byte> name, CniIpConfig? ip, ImmutableArray<CniRoute> routes, bool v6)
    {
        if (ip is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("ip"u8, ip.Address);
        WriteIfPresent(writer, "gateway"u8, ip.Gateway);
        var any = false;
        foreach (var route in routes.IsDefault ? [] : routes)
        {
            if (IsIpv6(route.Dst) != v6)
            {
                continue;
            }

            if (!any)
            {
                writer.WriteStartArray("routes"u8);
                any = true;
            }

            WriteRoute(writer, route, is11: false);
        }

        if (any)
        {
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteInterface(Utf8JsonWriter writer, CniInterface i, bool is11)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, i.Name);
        WriteIfPresent(writer, "mac"u8, i.Mac);
        if (is11)
        {
            WriteIfPresent(writer, "mtu"u8, i.Mtu);
        }

        WriteIfPresent(writer, "sandbox"u8, i.Sandbox);
        if (is11)
        {
            WriteIfPresent(writer, "socketPath"u8, i.SocketPath);
            WriteIfPresent(writer, "pciID"u8, i.PciId);
        }

        writer.WriteEndObject();
    }

    private static void WriteIp(Utf8JsonWriter writer, CniIpConfig ip, bool isOne)
    {
        writer.WriteStartObject();
        if (!isOne)
        {
            writer.WriteString("version"u8, IsIpv6(ip.Address) ? "6"u8 : "4"u8);
        }

        WriteIfPresent(writer, "interface"u8, ip.Interface);
        writer.WriteString("address"u8, ip.Address);
        WriteIfPresent(writer, "gateway"u8, ip.Gateway);
        writer.WriteEndObject();
    }

    private static void WriteRoute(Utf8JsonWriter writer, CniRoute r, bool is11)
    {
        writer.WriteStartObject();
        writer.WriteString("dst"u8, r.Dst);
        WriteIfPresent(writer, "gw"u8, r.Gw);
        if (is11)
        {
            WriteIfPresent(writer, "mtu"u8, r.Mtu);
            WriteIfPresent(writer, "advmss"u8, r.AdvMss);
            WriteIfPresent(writer, "priority"u8, r.Priority);
            WriteIfPresent(writer, "table"u8, r.Table);
            WriteIfPresent(writer, "scope"u8, r.Scope);
        }

        writer.WriteEndObject();
    }

    private static void WriteDns(Utf8JsonWriter writer, CniDns dns)
    {
        writer.WriteStartObject("dns"u8);
        WriteIfPresent(writer, "nameservers"u8, dns.Nameservers);
        WriteIfPresent(writer, "domain"u8, dns.Domain);
        WriteIfPresent(writer, "search"u8, dns.Search);
        WriteIfPresent(writer, "options"u8, dns.Options);
        writer.WriteEndObject();
    }

    /// <summary>A member only for a non-empty string (as <see cref="Json.SetIfPresent(JsonObject, string, string?)"/>).</summary>
    private static void WriteIfPresent(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ImmutableArray<string> values)
    {
        if (values.IsDefaultOrEmpty)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
