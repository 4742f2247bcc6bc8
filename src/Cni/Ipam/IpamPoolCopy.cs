using System.Text.Json;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>
/// The journal's copy of an IPPool's spec (<see cref="IpamPools"/>): the spec as <see cref="IpPoolJson"/> read it from the API
/// object, written back as compact JSON and read with a <see cref="Utf8JsonReader"/> on every ADD that uses the copy, without a
/// tree. The format is this class's own (<c>{"cidr":…,"ranges":[[start,end],…],"exclude":[…],"gateway":…,"routes":[[dst,gw],…],
/// "dns":{…},"stickyAddresses":…,"nodeSelector":{…}}</c>, absent members left out), and reading is strict: anything else reads
/// as no copy, and the pool is fetched again. Its journal key, <see cref="KeyPrefix"/> and the pool's name, differs from the key
/// of the older format (<c>ippool/</c>, the API object's spec as a tree), so that old and new binaries on one node during an
/// upgrade each keep their own copy and never read the other's.
/// </summary>
internal static class IpamPoolCopy
{
    public const string KeyPrefix = "ippool-spec/";

    public static byte[] ToUtf8(IpPoolSpec spec)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("cidr"u8, spec.Cidr);
            WritePairs(writer, "ranges"u8, spec.Ranges.Select(r => (r.Start, (string?)r.End)));
            WriteStrings(writer, "exclude"u8, spec.Exclude);
            if (spec.Gateway is not null)
            {
                writer.WriteString("gateway"u8, spec.Gateway);
            }

            WritePairs(writer, "routes"u8, spec.Routes.Select(r => (r.Dst, r.Gw)));
            if (spec.Dns is { } dns)
            {
                writer.WriteStartObject("dns"u8);
                WriteStrings(writer, "nameservers"u8, dns.Nameservers);
                if (dns.Domain is not null)
                {
                    writer.WriteString("domain"u8, dns.Domain);
                }

                WriteStrings(writer, "search"u8, dns.Search);
                WriteStrings(writer, "options"u8, dns.Options);
                writer.WriteEndObject();
            }

            if (spec.StickyAddresses)
            {
                writer.WriteBoolean("stickyAddresses"u8, true);
            }

            if (spec.NodeSelector.Count > 0)
            {
                writer.WriteStartObject("nodeSelector"u8);
                foreach (var (key, value) in spec.NodeSelector)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The spec in <paramref name="utf8"/>; null when it is not a copy as <see cref="ToUtf8"/> writes it.</summary>
    public static IpPoolSpec? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            var spec = Read(ref reader);
            return spec is not null && !reader.Read() ? spec : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // a string with an unpaired surrogate escape
        }
    }

    private static IpPoolSpec? Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? cidr = null;
        var spec = new IpPoolSpec { Cidr = "" };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("cidr"u8))
            {
                cidr = String(ref reader);
            }
            else if (reader.ValueTextEquals("ranges"u8))
            {
                var pairs = Pairs(ref reader, secondOptional: false);
                spec = spec with { Ranges = pairs?.ConvertAll(p => new IpRangeSpec(p.First, p.Second!)) ?? Invalid<List<IpRangeSpec>>() };
            }
            else if (reader.ValueTextEquals("exclude"u8))
            {
                spec = spec with { Exclude = Strings(ref reader) ?? Invalid<List<string>>() };
            }
            else if (reader.ValueTextEquals("gateway"u8))
            {
                spec = spec with { Gateway = String(ref reader) ?? Invalid<string>() };
            }
            else if (reader.ValueTextEquals("routes"u8))
            {
                var pairs = Pairs(ref reader, secondOptional: true);
                spec = spec with { Routes = pairs?.ConvertAll(p => new IpRouteSpec(p.First, p.Second)) ?? Invalid<List<IpRouteSpec>>() };
            }
            else if (reader.ValueTextEquals("dns"u8))
            {
                spec = spec with { Dns = Dns(ref reader) ?? Invalid<IpDnsSpec>() };
            }
            else if (reader.ValueTextEquals("stickyAddresses"u8))
            {
                reader.Read();
                spec = spec with
                {
                    StickyAddresses = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => Invalid<bool>(),
                    },
                };
            }
            else if (reader.ValueTextEquals("nodeSelector"u8))
            {
                spec = spec with { NodeSelector = Map(ref reader) ?? Invalid<Dictionary<string, string>>() };
            }
            else
            {
                return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject && cidr is not null ? spec with { Cidr = cidr } : null;
    }

    private static T Invalid<T>() => throw new JsonException("not a pool copy");

    /// <summary>The next value as a string; null when it is not one.</summary>
    private static string? String(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    /// <summary>The next value as an array of strings; null when it is not one.</summary>
    private static List<string>? Strings(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.StartArray ? Elements(ref reader) : null;

    /// <summary>The strings up to the end of the array whose start was just read; null when an element is not a string.</summary>
    private static List<string>? Elements(ref Utf8JsonReader reader)
    {
        var list = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            list.Add(reader.GetString()!);
        }

        return reader.TokenType == JsonTokenType.EndArray ? list : null;
    }

    /// <summary>The next value as an array of arrays of two strings (or of one, when <paramref name="secondOptional"/>).</summary>
    private static List<(string First, string? Second)>? Pairs(ref Utf8JsonReader reader, bool secondOptional)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var list = new List<(string, string?)>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            switch (Elements(ref reader))
            {
                case [var first, var second]:
                    list.Add((first, second));
                    break;
                case [var first] when secondOptional:
                    list.Add((first, null));
                    break;
                default:
                    return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndArray ? list : null;
    }

    private static IpDnsSpec? Dns(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var dns = new IpDnsSpec();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("nameservers"u8))
            {
                dns = dns with { Nameservers = Strings(ref reader) ?? Invalid<List<string>>() };
            }
            else if (reader.ValueTextEquals("domain"u8))
            {
                dns = dns with { Domain = String(ref reader) ?? Invalid<string>() };
            }
            else if (reader.ValueTextEquals("search"u8))
            {
                dns = dns with { Search = Strings(ref reader) ?? Invalid<List<string>>() };
            }
            else if (reader.ValueTextEquals("options"u8))
            {
                dns = dns with { Options = Strings(ref reader) ?? Invalid<List<string>>() };
            }
            else
            {
                return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? dns : null;
    }

    private static Dictionary<string, string>? Map(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            if (String(ref reader) is not { } value || !map.TryAdd(key, value))
            {
                return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? map : null;
    }

    /// <summary>An array of arrays of one or two strings (the second left out when null); nothing for no pairs.</summary>
    private static void WritePairs(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IEnumerable<(string First, string? Second)> pairs)
    {
        var started = false;
        foreach (var (first, second) in pairs)
        {
            if (!started)
            {
                writer.WriteStartArray(name);
                started = true;
            }

            writer.WriteStartArray();
            writer.WriteStringValue(first);
            if (second is not null)
            {
                writer.WriteStringValue(second);
            }

            writer.WriteEndArray();
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
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
