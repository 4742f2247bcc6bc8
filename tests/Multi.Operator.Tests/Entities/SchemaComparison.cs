using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Multi.Operator.Tests.Entities;

/// <summary>
/// Walks a C# entity type and a CRD's OpenAPI schema side by side and lists every difference: a property one has and the
/// other lacks, or a JSON type that does not match (string, integer, boolean, array, object, map, free-form object).
/// </summary>
internal static class SchemaComparison
{
    public static List<string> Differences(Type type, V1JSONSchemaProps schema, string path = "")
    {
        var differences = new List<string>();
        Compare(type, schema, path, differences);
        return differences;
    }

    private static void Compare(Type type, V1JSONSchemaProps schema, string path, List<string> differences)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var expected = JsonType(type);
        if (schema.XKubernetesPreserveUnknownFields == true && expected == "object" && (type == typeof(JsonObject) || type == typeof(JsonElement)))
        {
            return;
        }

        if (schema.Type != expected && !(expected == "number" && schema.Type == "integer"))
        {
            differences.Add($"{path}: the entity is {expected} ({type.Name}), the schema says {schema.Type ?? "nothing"}");
            return;
        }

        if (expected == "array")
        {
            Compare(ElementType(type), AsSchema(schema.Items) ?? new V1JSONSchemaProps(), path + "[]", differences);
        }
        else if (expected == "object" && DictionaryValue(type) is { } value)
        {
            if (AsSchema(schema.AdditionalProperties) is not { } additional)
            {
                differences.Add($"{path}: the entity is a map, the schema has no additionalProperties");
                return;
            }

            Compare(value, additional, path + "{}", differences);
        }
        else if (expected == "object")
        {
            var properties = Properties(type);
            var schemaProperties = schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>();
            foreach (var (name, property) in properties)
            {
                if (schemaProperties.TryGetValue(name, out var child))
                {
                    Compare(property, child, $"{path}.{name}", differences);
                }
                else
                {
                    differences.Add($"{path}.{name}: in the entity, not in the schema");
                }
            }

            differences.AddRange(schemaProperties.Keys.Where(k => !properties.ContainsKey(k)).Select(k => $"{path}.{k}: in the schema, not in the entity"));
        }
    }

    /// <summary>items and additionalProperties are typed <c>object</c> by the client (they may be a bool or a list).</summary>
    private static V1JSONSchemaProps? AsSchema(object? node) => node switch
    {
        null => null,
        V1JSONSchemaProps props => props,
        bool => null,
        _ => k8s.KubernetesJson.Deserialize<V1JSONSchemaProps>(k8s.KubernetesJson.Serialize(node)),
    };

    private static Dictionary<string, Type> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.GetIndexParameters().Length == 0 && (p.CanWrite || p.SetMethod is not null))
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => p.PropertyType);

    private static string JsonType(Type type) =>
        type == typeof(string) || type == typeof(DateTime) || type == typeof(DateTimeOffset) ? "string"
        : type == typeof(int) || type == typeof(long) || type == typeof(uint) || type == typeof(short) ? "integer"
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "number"
        : type == typeof(bool) ? "boolean"
        : DictionaryValue(type) is not null ? "object"
        : type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(JsonObject) ? "array"
        : "object";

    private static Type ElementType(Type type) =>
        type.IsArray ? type.GetElementType()! : type.GetInterfaces().Append(type).First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)).GetGenericArguments()[0];

    private static Type? DictionaryValue(Type type) =>
        type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
            ?.GetGenericArguments()[1];
}
