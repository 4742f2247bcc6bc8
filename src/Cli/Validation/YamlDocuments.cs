using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Multi.Cli.Validation;

/// <summary>
/// Reads multi-document YAML (JSON is YAML) into JSON trees. Plain scalars are typed as the YAML core schema types them
/// (null, booleans, integers, floats); quoted scalars stay strings, so <c>mtu: 1500</c> is a number and <c>"1500"</c> text.
/// </summary>
internal static class YamlDocuments
{
    /// <exception cref="YamlException">The text is not YAML, or uses anchors and aliases.</exception>
    public static List<JsonNode?> Read(string text)
    {
        try
        {
            return ReadDocuments(text);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's parser reports some malformed input (an unterminated flow collection) this way.
            throw new YamlException($"malformed YAML: the parser stopped ({ex.Message})", ex);
        }
    }

    private static List<JsonNode?> ReadDocuments(string text)
    {
        var parser = new Parser(new StringReader(text));
        var documents = new List<JsonNode?>();
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            documents.Add(ReadNode(parser));
            parser.Consume<DocumentEnd>();
        }

        parser.Consume<StreamEnd>();
        return documents;
    }

    private static JsonNode? ReadNode(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return ScalarValue(scalar);
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser));
            }

            return array;
        }

        if (parser.TryConsume<MappingStart>(out _))
        {
            var obj = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>().Value;
                obj[key] = ReadNode(parser);
            }

            return obj;
        }

        var unexpected = parser.Current;
        throw new YamlException(unexpected?.Start ?? Mark.Empty, unexpected?.End ?? Mark.Empty, $"unsupported YAML construct {unexpected?.GetType().Name} (anchors and aliases are not read)");
    }

    private static JsonNode? ScalarValue(Scalar scalar)
    {
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(scalar.Value);
        }

        var text = scalar.Value;
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && text.Any(char.IsAsciiDigit) => JsonValue.Create(real),
            _ => JsonValue.Create(text),
        };
    }
}
