using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Multi.Operator.Entities;

namespace Multi.Operator.Controllers.Reclaim;

/// <summary>
/// Decodes one list item as a claim with the caller's options, isolated from its neighbours: the serializer hands a custom
/// converter the whole value, so the claim is read from a copy of the reader and the original skips the value whether
/// or not the claim could be read (with TrySkip: the client reads pages from a stream, where Skip is refused).
/// </summary>
internal sealed class ClaimPageItemConverter : JsonConverter<ClaimPageItem>
{
    public override ClaimPageItem? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var copy = reader;
        IpAllocationResource? claim;
        try
        {
            claim = JsonSerializer.Deserialize(ref copy, (JsonTypeInfo<IpAllocationResource>)options.GetTypeInfo(typeof(IpAllocationResource)));
        }
        catch (JsonException)
        {
            claim = null;
        }

        // A converter is handed its whole value even when the page is read from a stream, so TrySkip cannot come up short.
        if (!reader.TrySkip())
        {
            throw new JsonException("a claim page item was not buffered whole");
        }

        return new ClaimPageItem(claim);
    }

    public override void Write(Utf8JsonWriter writer, ClaimPageItem value, JsonSerializerOptions options) =>
        throw new NotSupportedException("claim pages are only read");
}
