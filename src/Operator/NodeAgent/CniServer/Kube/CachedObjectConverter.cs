using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>Reads and writes a <see cref="CachedObject"/> as the JSON object it is, whatever options the client's serializer has.</summary>
internal sealed class CachedObjectConverter : JsonConverter<CachedObject>
{
    public override CachedObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonNode.Parse(ref reader) is JsonObject json ? new CachedObject { Json = json } : throw new JsonException("a Kubernetes object must be a JSON object");

    public override void Write(Utf8JsonWriter writer, CachedObject value, JsonSerializerOptions options) => value.Json.WriteTo(writer, options);
}
