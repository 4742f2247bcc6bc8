using System.Text;
using CsCheck;
using Multi.Core.Cni;

namespace Multi.Testing;

/// <summary>
/// One hostile invocation: the environment, stdin as bytes, and what the API server holds for the pod (the
/// <c>networks</c> annotation and a NAD's <c>spec.config</c> as raw JSON string literals, so they can carry lone
/// surrogate escapes as the API server can).
/// </summary>
internal sealed record HostileInput(CniEnvironment Env, byte[] Stdin, string AnnotationLiteral, string NadConfigLiteral)
{
    public override string ToString() =>
        $"env {Short(Env.ToString())} stdin {Short(Encoding.UTF8.GetString(Stdin))} annotation {Short(AnnotationLiteral)} nad {Short(NadConfigLiteral)}";

    private static string Short(string s) => s.Length <= 300 ? s : $"{s[..300]}… ({s.Length} chars)";
}

/// <summary>Generators of <see cref="HostileInput"/> around a plausible configuration, so that inputs reach past the first check.</summary>
internal sealed class HostileInputs(string cniDir, string fifo, string directory, string kubeconfig)
{
    /// <summary>The keys of the configuration that become paths or names.</summary>
    private static readonly string[] PathKeys = ["cniDir", "confDir", "binDir", "logFile", "kubeconfig", "readinessindicatorfile", "multusCniDir", "clusterNetwork"];

    private static readonly Gen<char> AnyChar = Gen.Frequency(
        (6, (IGen<char>)Gen.Char['a', 'z']),
        (2, Gen.Char["/:.-_=;@ \t\n\0\u001b\u007f\u00a0é"]),
        (1, Gen.Char['\uD800', '\uDFFF']),
        (1, Gen.Char));

    /// <summary>Spaces that push any configuration past <see cref="InputLimits.MaxDocumentBytes"/>.</summary>
    private static readonly byte[] Padding = Encoding.ASCII.GetBytes(new string(' ', InputLimits.MaxDocumentBytes));

    /// <summary>An oversized, NUL-bearing, control, surrogate, path-like or plausible string.</summary>
    public Gen<string> Hostile => Gen.Frequency(
        (90, (IGen<string>)AnyChar.Array[0, 24].Select(a => new string(a))),
        (30, Gen.Int[200, 300].Select(n => new string('x', n))),
        (30, Gen.Int[256, 5000].Select(n => "/" + new string('p', n))),
        (30, Gen.Int[10, 2000].Select(n => string.Concat(Enumerable.Repeat("/ab", n)))),
        (1, Gen.Int[10_000, 1_000_000].Select(n => new string('y', n))),
        (30, Gen.OneOf("/var/lib/a\0b", "a\0", "\0", "\u0001\u0002", "\uD800", "a\uDC00b", "\uFFFF", "..", ".", "/", "")),
        (60, Gen.OneOf(fifo, directory, "/dev/zero", "/dev/null", "/dev/stdin", "/proc/self/fd/0", "/nonexistent/x", cniDir, kubeconfig)));

    /// <summary>A JSON string literal for a hostile value: escapes as written, lone surrogates included.</summary>
    public static string Literal(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                _ when c < 0x20 || char.IsSurrogate(c) => builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    public Gen<HostileInput> Input => Gen.Select(Environment, Stdin, Annotation, NadConfig, (env, stdin, annotation, nad) => new HostileInput(env, stdin, annotation, nad));

    /// <summary>A plausible environment, in a third of the inputs with one variable hostile.</summary>
    internal Gen<CniEnvironment> Environment => Gen.Select(
        Gen.OneOf<string?>("ADD", "ADD", "DEL", "DEL", "CHECK", "GC", "STATUS", "VERSION"),
        Gen.OneOf<string?>("c1", "c2", new string('c', InputLimits.MaxContainerIdBytes)),
        Gen.OneOf<string?>("/var/run/netns/nonexistent", "/proc/self/ns/net", null),
        Gen.OneOf<string?>("eth0", "net1", "abcdefghijklmno"),
        Gen.OneOf<string?>(null, "K8S_POD_NAMESPACE=default;K8S_POD_NAME=web", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_UID=u"),
        Gen.Frequency((2, (IGen<int>)Gen.Const(-1)), (1, Gen.Int[0, 6])),
        Gen.Frequency((4, (IGen<string>)Hostile), (1, Gen.Int[201, 300].Select(n => new string('c', n)))),
        (command, id, netns, ifName, args, hostileField, hostile) => hostileField switch
        {
            0 => new CniEnvironment(hostile, id, netns, ifName, args, "/opt/cni/bin"),
            1 => new CniEnvironment(command, hostile, netns, ifName, args, "/opt/cni/bin"),
            2 => new CniEnvironment(command, id, hostile, ifName, args, "/opt/cni/bin"),
            3 => new CniEnvironment(command, id, netns, hostile, args, "/opt/cni/bin"),
            4 => new CniEnvironment(command, id, netns, ifName, hostile, "/opt/cni/bin"),
            5 => new CniEnvironment(command, id, netns, ifName, "K8S_POD_NAMESPACE=default;K8S_POD_NAME=" + hostile, "/opt/cni/bin"),
            6 => new CniEnvironment(command, id, netns, ifName, args, hostile),
            _ => new CniEnvironment(command, id, netns, ifName, args, "/opt/cni/bin"),
        });

    /// <summary>The configuration with some keys set to hostile values, then perhaps corrupted as bytes, padded or nested deep.</summary>
    internal Gen<byte[]> Stdin => Gen.Select(
        Gen.Int[0, 3].SelectMany(n => Gen.Select(Gen.OneOf(PathKeys).Array[n], Hostile.Array[n])),
        Gen.Bool,
        Gen.Frequency((1, (IGen<string>)Gen.OneOf("name", "cniVersion", "defaultNetworks", "delegates", "runtimeConfig")), (3, Gen.Const(string.Empty))),
        Hostile,
        Gen.Frequency((12, (IGen<int>)Gen.Const(0)), (1, Gen.Int[1, 3])),
        Gen.Int[0, 100_000],
        Gen.Int[10, 5000],
        (edits, kubernetes, otherKey, otherValue, corruption, at, depth) =>
        {
            var members = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["cniVersion"] = "\"1.1.0\"",
                ["name"] = "\"multi-fuzz\"",
                ["type"] = "\"multi\"",
                ["cniDir"] = Literal(cniDir),
                ["binDir"] = "\"/nonexistent-bin\"",
                ["delegateTimeoutSeconds"] = "1",
                ["readinessIndicatorTimeoutSeconds"] = "0.01",
                ["logLevel"] = "\"debug\"",
                ["delegates"] = """[{"cniVersion":"1.0.0","name":"cluster","type":"bridge"},{"cniVersion":"1.0.0","name":"n2","type":"macvlan"}]""",
                ["cni.dev/valid-attachments"] = """[{"containerID":"c1","ifname":"eth0"}]""",
            };
            if (kubernetes)
            {
                members["kubeconfig"] = Literal(kubeconfig);
            }

            var (keys, values) = edits;
            for (var i = 0; i < keys.Length; i++)
            {
                members[keys[i]] = Literal(values[i]);
            }

            if (otherKey.Length > 0)
            {
                members[otherKey] = at % 3 == 0 ? new string('[', depth) + new string(']', depth) : at % 3 == 1 ? Nested(depth) : Literal(otherValue);
            }

            var bytes = Encoding.UTF8.GetBytes("{" + string.Join(',', members.Select(m => $"{Literal(m.Key)}:{m.Value}")) + "}");
            return corruption switch
            {
                0 => bytes,
                1 => [.. bytes[..(at % bytes.Length)], 0xC3, 0x28, 0xFF, .. bytes[(at % bytes.Length)..]], // invalid UTF-8
                2 => bytes[..(at % bytes.Length)],
                _ => [.. bytes, .. Padding],
            };
        });

    /// <summary>The pod's <c>networks</c> annotation as a JSON string literal.</summary>
    internal Gen<string> Annotation => Gen.Frequency(
        (1, (IGen<string>)Oversized(InputLimits.MaxAnnotationBytes)),
        (12, Gen.OneOf("\"n1\"", "\"n1,n1@net9\"", "\"[{\\\"name\\\":\\\"n1\\\",\\\"interface\\\":\\\"x1\\\"}]\"", "\"\"")),
        (2, Gen.OneOf("\"n1\\ud800\"", "\"\\udc00\"", "\"[{\\\"name\\\":\\\"n1\\ud800\\\"}]\"", "\"n1,\\ud83d\"")),
        (1, Gen.Int[129, 2000].Select(n => Literal(string.Join(',', Enumerable.Repeat("n1", n))))),
        (1, Gen.Int[10, 5000].Select(n => Literal(new string('[', n) + new string(']', n)))),
        (2, Hostile.Select(Literal)));

    /// <summary>A JSON string literal of letters just under or over <paramref name="limit"/> characters.</summary>
    private static Gen<string> Oversized(int limit) => Gen.Int[limit - 10, limit + 10_000].Select(n => $"\"{new string('a', n)}\"");

    /// <summary>The NAD <c>n1</c>'s <c>spec.config</c> as a JSON string literal.</summary>
    internal Gen<string> NadConfig => Gen.Frequency(
        (1, (IGen<string>)Oversized(InputLimits.MaxDocumentBytes)),
        (12, Gen.Const(Literal("""{"cniVersion":"1.0.0","type":"macvlan"}"""))),
        (2, Gen.OneOf(
            "\"{\\\"cniVersion\\\":\\\"1.0.0\\\",\\\"type\\\":\\\"macvlan\\ud800\\\"}\"",
            "\"\\ud800\"",
            "{\"type\":\"macvlan\",\"x\":\"\\udfff\"}")),
        (1, Gen.Int[10, 5000].Select(n => Literal(Nested(n)))),
        (1, Gen.Int[1000, 100_000].Select(n => $"\"{new string(' ', n)}{{}}\"")),
        (1, Hostile.Select(Literal)));

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
