using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Multi.Core.Cni;

namespace Multi.Core.Tests.Support;

/// <summary>Generators for the fuzz tests: hostile environment values, random bytes and random JSON documents.</summary>
internal static class FuzzGen
{
    /// <summary>Keys the parsers look at, so random documents reach past the first check.</summary>
    public static readonly string[] InterestingKeys =
    [
        "cniVersion", "cniVersions", "name", "type", "plugins", "capabilities", "runtimeConfig", "prevResult", "disableCheck",
        "disableGC", "interfaces", "ips", "routes", "dns", "address", "gateway", "interface", "dst", "gw", "mtu", "table", "mac",
        "sandbox", "ip4", "ip6", "ip", "version", "nameservers", "search", "options", "domain", "delegates", "clusterNetwork",
        "defaultNetworks", "systemNamespaces", "multusNamespace", "kubeconfig", "confDir", "cniDir", "binDir",
        "readinessindicatorfile", "readinessIndicatorTimeoutSeconds", "delegateTimeoutSeconds", "retryDeleteOnError",
        "logLevel", "logFile", "logToStderr", "chrootDir", "metricsPort", "formatVersion", "checksum", "entry", "networkName",
        "containerId", "ifName", "netns", "cniArgs", "attachments", "position", "origin", "network", "state", "result",
        "resultVersion",
    ];

    /// <summary>Mostly printable ASCII, some other BMP text, separators the parsers split on, and any UTF-16 unit.</summary>
    public static readonly Gen<char> AnyChar = Gen.Frequency(
        (6, (IGen<char>)Gen.Char[' ', '~']),
        (2, Gen.Char['\u0080', '\uD7FF']),
        (2, Gen.Char["/:.-_=;@ \t\n\u00a0\u3000é"]),
        (1, Gen.Char));

    /// <summary>Like <see cref="AnyChar"/> without surrogates, for text that must stay valid UTF-16 inside JSON.</summary>
    public static readonly Gen<char> JsonChar = AnyChar.Where(c => !char.IsSurrogate(c));

    public static readonly Gen<string> ShortText = AnyChar.Array[0, 20].Select(a => new string(a));

    public static readonly Gen<string> JsonText = JsonChar.Array[0, 24].Select(a => new string(a));

    public static readonly Gen<string> Versions = Gen.OneOf(
        Gen.OneOf([.. CniVersion.Supported, "", "1.2.0", "0.5.0", "1.1", "v1.0.0", "01.1.0", "9.9.9"]),
        ShortText);

    /// <summary>An environment value: unset, empty, plausible, random, or very long.</summary>
    public static Gen<string?> EnvValue(params string[] plausible) => Gen.Frequency(
        (1, (IGen<string?>)Gen.Const((string?)null)),
        (1, Gen.Const<string?>(string.Empty)),
        (4, Gen.OneOf(plausible).Select(s => (string?)s)),
        (3, ShortText.Select(s => (string?)s)),
        (1, AnyChar.Array[200, 2000].Select(a => (string?)new string(a))));

    public static readonly Gen<string> Key = Gen.Frequency((3, (IGen<string>)Gen.OneOf(InterestingKeys)), (1, JsonText));

    public static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (1, (IGen<JsonNode?>)Gen.Const((JsonNode?)null)),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (2, Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d))),
        (1, Gen.OneOf<long>(0, -1, 3600, 3601, 4294967295, long.MaxValue).Select(l => (JsonNode?)JsonValue.Create(l))),
        (2, Versions.Where(s => !s.Any(char.IsSurrogate)).Select(s => (JsonNode?)JsonValue.Create(s))),
        (3, JsonText.Select(s => (JsonNode?)JsonValue.Create(s))));

    public static readonly Gen<JsonNode?> Value = ValueOfDepth(3);

    public static readonly Gen<JsonObject> Object = ObjectOfDepth(3);

    /// <summary>Random bytes, random JSON text, or a JSON object with some bytes flipped or cut off.</summary>
    public static readonly Gen<byte[]> Bytes = Gen.Frequency(
        (2, (IGen<byte[]>)Gen.Byte.Array[0, 120]),
        (1, Gen.Byte[0x20, 0x7e].Array[0, 120]),
        (3, Value.Select(v => Encoding.UTF8.GetBytes(v?.ToJsonString() ?? "null"))),
        (4, Object.Select(o => Encoding.UTF8.GetBytes(o.ToJsonString()))),
        (2, Gen.Select(Object, Gen.Int[0, 1000], Gen.Byte, (o, at, b) => Flip(Encoding.UTF8.GetBytes(o.ToJsonString()), at, b))),
        (1, Gen.Select(Object, Gen.Int[0, 1000], (o, at) => Encoding.UTF8.GetBytes(o.ToJsonString()) is var bytes ? bytes[..(at % (bytes.Length + 1))] : [])));

    /// <summary>Sets <paramref name="count"/> random keys of <paramref name="template"/> to random values.</summary>
    public static Gen<JsonObject> Mutations(string template, int count = 3) =>
        Gen.Select(Key.Array[1, count], Value.Array[count], (keys, values) =>
        {
            var o = (JsonObject)JsonNode.Parse(template)!;
            for (var i = 0; i < keys.Length; i++)
            {
                o[keys[i]] = values[i]?.DeepClone();
            }

            return o;
        });

    /// <summary>
    /// Sets random keys on random objects anywhere inside <paramref name="template"/>, so nested members
    /// (an IP's address, a plugin's type, an attachment's state) get hostile values too.
    /// </summary>
    public static Gen<JsonObject> DeepMutations(string template, int count = 3) =>
        Gen.Select(Gen.Int[0, int.MaxValue].Array[count], Key.Array[count], Value.Array[count], Gen.Int[1, count], (targets, keys, values, n) =>
        {
            var root = (JsonObject)JsonNode.Parse(template)!;
            for (var i = 0; i < n; i++)
            {
                var objects = ObjectsIn(root).ToList();
                objects[targets[i] % objects.Count][keys[i]] = values[i]?.DeepClone();
            }

            return root;
        });

    public static byte[] Flip(byte[] bytes, int at, byte value)
    {
        if (bytes.Length > 0)
        {
            bytes[at % bytes.Length] ^= (byte)(value | 1);
        }

        return bytes;
    }

    private static IEnumerable<JsonObject> ObjectsIn(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).SelectMany(ObjectsIn).Prepend(o),
        JsonArray a => a.SelectMany(ObjectsIn),
        _ => [],
    };

    private static Gen<JsonNode?> ValueOfDepth(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (4, (IGen<JsonNode?>)Scalar),
            (1, ValueOfDepth(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]))),
            (2, ObjectOfDepth(depth - 1).Select(o => (JsonNode?)o)));

    private static Gen<JsonObject> ObjectOfDepth(int depth) =>
        Gen.Select(Key.Array[0, 6], ValueOfDepth(depth).Array[6], (keys, values) =>
        {
            var o = new JsonObject();
            for (var i = 0; i < keys.Length; i++)
            {
                o[keys[i]] = values[i]?.DeepClone();
            }

            return o;
        });
}
