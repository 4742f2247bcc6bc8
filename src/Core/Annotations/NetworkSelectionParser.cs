using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Cni;

namespace Multi.Core.Annotations;

/// <summary>
/// Parses the <c>k8s.v1.cni.cncf.io/networks</c> annotation (npwg-behaviour.md, section 3) and the
/// <c>v1.multus-cni.io/default-network</c> override (section 4). Every error has code 103 and never throws.
/// </summary>
public static partial class NetworkSelectionParser
{
    public const string NetworksAnnotation = "k8s.v1.cni.cncf.io/networks";
    public const string DefaultNetworkAnnotation = "v1.multus-cni.io/default-network";

    /// <summary>Absent, empty and <c>[]</c> give no selections; elements without namespace get <paramref name="podNamespace"/>.</summary>
    public static Outcome<ImmutableArray<NetworkSelection>> Parse(string? annotation, string podNamespace) =>
        Parse(annotation, podNamespace, NetworksAnnotation);

    /// <summary>
    /// The override annotation: null when absent or empty; exactly one element, whose namespace defaults to
    /// <paramref name="multusNamespace"/>. Its interface request is dropped: the override keeps <c>CNI_IFNAME</c>.
    /// </summary>
    public static Outcome<NetworkSelection?> ParseDefaultNetwork(string? annotation, string multusNamespace)
    {
        var parsed = Parse(annotation, multusNamespace, DefaultNetworkAnnotation);
        if (!parsed.IsOk)
        {
            return Outcome<NetworkSelection?>.Fail(parsed.Error);
        }

        return parsed.Value.Length switch
        {
            0 => Outcome<NetworkSelection?>.Ok(null),
            1 => Outcome<NetworkSelection?>.Ok(parsed.Value[0] with { InterfaceRequest = null }),
            var n => Invalid<NetworkSelection?>(DefaultNetworkAnnotation, $"exactly one network is allowed, found {n}"),
        };
    }

    private static Outcome<ImmutableArray<NetworkSelection>> Parse(string? annotation, string podNamespace, string key)
    {
        if (string.IsNullOrEmpty(annotation))
        {
            return Outcome<ImmutableArray<NetworkSelection>>.Ok([]);
        }

        if (InputLimits.LengthError(annotation, InputLimits.MaxAnnotationBytes) is { } tooLong)
        {
            return Invalid<ImmutableArray<NetworkSelection>>(key, tooLong);
        }

        if (InputLimits.TextError(annotation) is { } notText)
        {
            return Invalid<ImmutableArray<NetworkSelection>>(key, notText);
        }

        var parsed = annotation.AsSpan().IndexOfAny('[', '{', '"') >= 0
            ? ParseJson(annotation, podNamespace, key)
            : ParseCommaList(annotation, podNamespace, key);
        return parsed.IsOk && parsed.Value.Length > InputLimits.MaxAttachments
            ? Invalid<ImmutableArray<NetworkSelection>>(key, $"it selects {parsed.Value.Length} networks; the limit is {InputLimits.MaxAttachments}")
            : parsed;
    }

    private static Outcome<ImmutableArray<NetworkSelection>> ParseCommaList(string annotation, string podNamespace, string key)
    {
        var result = ImmutableArray.CreateBuilder<NetworkSelection>();
        var items = annotation.Split(',');
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i].Trim();
            var error = ParseCommaItem(item, podNamespace, out var selection);
            if (error is not null)
            {
                return Invalid<ImmutableArray<NetworkSelection>>(key, $"item {i + 1} \"{item}\": {error}");
            }

            result.Add(selection!);
        }

        return Outcome<ImmutableArray<NetworkSelection>>.Ok(result.ToImmutable());
    }

    /// <summary><c>[namespace/]name[@ifname]</c>; returns the reason when the item is invalid.</summary>
    private static string? ParseCommaItem(string item, string podNamespace, out NetworkSelection? selection)
    {
        selection = null;
        if (item.Length == 0)
        {
            return "empty item (check for a stray comma)";
        }

        var slashParts = item.Split('/');
        if (slashParts.Length > 2)
        {
            return "more than one '/'";
        }

        var ns = slashParts.Length == 2 ? slashParts[0].Trim() : string.Empty;
        var atParts = slashParts[^1].Split('@');
        if (atParts.Length > 2)
        {
            return "more than one '@'";
        }

        var name = atParts[0].Trim();
        var ifName = atParts.Length == 2 ? atParts[1].Trim() : string.Empty;
        if (name.Length == 0)
        {
            return "the network name is empty";
        }

        if ((ns.Length > 0 && !IsDns1123Label(ns)) || !IsDns1123Label(name))
        {
            var bad = ns.Length > 0 && !IsDns1123Label(ns) ? ns : name;
            return $"\"{bad}\" is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending alphanumerically)";
        }

        if (ifName.Length > 0 && InterfaceNameError(ifName) is { } ifError)
        {
            return $"interface name \"{ifName}\" {ifError}";
        }

        selection = new NetworkSelection(ns.Length > 0 ? ns : podNamespace, name, ifName.Length > 0 ? ifName : null);
        return null;
    }

    /// <summary>The annotation's interface-name rule: at most 15 bytes, no whitespace and no '/'.</summary>
    internal static string? InterfaceNameError(string ifName)
    {
        if (Encoding.UTF8.GetByteCount(ifName) > 15)
        {
            return "is longer than 15 bytes";
        }

        return ifName.Any(c => c == '/' || char.IsWhiteSpace(c)) ? "must not contain whitespace or '/'" : null;
    }

    /// <summary>1 to 63 characters (the bound also keeps API paths short).</summary>
    internal static bool IsDns1123Label(string text) =>
        text.Length is > 0 and <= 63
        && IsLowerAlnum(text[0])
        && IsLowerAlnum(text[^1])
        && text.All(c => IsLowerAlnum(c) || c == '-');

    private static bool IsLowerAlnum(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c);

    private static Outcome<T> Invalid<T>(string key, string message) =>
        Outcome<T>.Fail(CniErrorCode.InvalidAnnotation, $"invalid {key} annotation: {message}");

    private static Outcome<ImmutableArray<NetworkSelection>> ParseJson(string annotation, string podNamespace, string key)
    {
        JsonNode? root;
        try
        {
            root = Json.Parse(Encoding.UTF8.GetBytes(annotation));
        }
        catch (JsonException ex)
        {
            return Invalid<ImmutableArray<NetworkSelection>>(key, $"not valid JSON: {ex.Message}");
        }

        if (root is not JsonArray array)
        {
            return Invalid<ImmutableArray<NetworkSelection>>(key, $"JSON value must be an array of objects, not {Kind(root)}");
        }

        var result = ImmutableArray.CreateBuilder<NetworkSelection>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject element)
            {
                return Invalid<ImmutableArray<NetworkSelection>>(key, $"element {i + 1} must be an object, not {Kind(array[i])}");
            }

            try
            {
                result.Add(ParseElement(element, podNamespace));
            }
            catch (FormatException ex)
            {
                var name = element["name"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? $" (\"{v.GetValue<string>()}\")" : string.Empty;
                return Invalid<ImmutableArray<NetworkSelection>>(key, $"element {i + 1}{name}: {ex.Message}");
            }
        }

        return Outcome<ImmutableArray<NetworkSelection>>.Ok(result.MoveToImmutable());
    }

    private static string Kind(JsonNode? node) => node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant();
}
