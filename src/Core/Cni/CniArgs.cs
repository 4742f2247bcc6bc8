using System.Collections.Immutable;

namespace Multi.Core.Cni;

/// <summary>
/// <c>CNI_ARGS</c>: <c>K1=V1;K2=V2</c> without escaping (cni-protocol.md, section 8). Keys keep the position of
/// their first occurrence and the value of their last.
/// </summary>
public sealed class CniArgs
{
    public const string IgnoreUnknown = "IgnoreUnknown";
    public const string PodNamespace = "K8S_POD_NAMESPACE";
    public const string PodName = "K8S_POD_NAME";
    public const string PodInfraContainerId = "K8S_POD_INFRA_CONTAINER_ID";
    public const string PodUid = "K8S_POD_UID";

    private CniArgs(ImmutableArray<KeyValuePair<string, string>> pairs, ImmutableArray<string> malformed)
    {
        Pairs = pairs;
        Malformed = malformed;
    }

    public static CniArgs Empty { get; } = new([], []);

    public ImmutableArray<KeyValuePair<string, string>> Pairs { get; }

    /// <summary>Segments without <c>=</c>: ignored, but reported so the caller can warn.</summary>
    public ImmutableArray<string> Malformed { get; }

    public string? this[string key]
    {
        get
        {
            // A loop, not a lambda: every invocation looks several keys up.
            foreach (var pair in Pairs)
            {
                if (pair.Key == key)
                {
                    return pair.Value;
                }
            }

            return null;
        }
    }

    public static CniArgs Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Empty;
        }

        // Spans and a loop, not Split and lambdas: every invocation parses it (a few pairs).
        var pairs = new List<KeyValuePair<string, string>>(8);
        List<string>? malformed = null;
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(';');
            var segment = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (segment.IsEmpty)
            {
                continue;
            }

            var eq = segment.IndexOf('=');
            if (eq < 0)
            {
                (malformed ??= []).Add(segment.ToString());
                continue;
            }

            Set(pairs, segment[..eq].ToString(), segment[(eq + 1)..].ToString());
        }

        return new CniArgs([.. pairs], malformed is null ? [] : [.. malformed]);
    }

    /// <summary>True when <c>IgnoreUnknown</c> is 1 or true (any case).</summary>
    public bool IgnoresUnknown => this[IgnoreUnknown] is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));

    public PodIdentity Pod => new(this[PodNamespace], this[PodName], this[PodUid]);

    /// <summary>
    /// The <c>CNI_ARGS</c> for a delegate (npwg-behaviour.md, section 7): <c>IgnoreUnknown=true</c> and the
    /// pod keys first, then the runtime's pairs (empty values filled, new keys appended), then <paramref name="extra"/>.
    /// Without any pod identity and extras the runtime's args pass unchanged.
    /// </summary>
    public CniArgs ForDelegate(string containerId, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var extras = extra?.ToList() ?? [];
        var pod = Pod;
        if (pod.IsEmpty && extras.Count == 0)
        {
            return this;
        }

        var pairs = new List<KeyValuePair<string, string>>
        {
            new(IgnoreUnknown, "true"),
            new(PodNamespace, pod.Namespace ?? string.Empty),
            new(PodName, pod.Name ?? string.Empty),
            new(PodInfraContainerId, this[PodInfraContainerId] is { Length: > 0 } infra ? infra : containerId),
            new(PodUid, pod.Uid ?? string.Empty),
        };
        foreach (var (key, value) in Pairs)
        {
            var index = pairs.FindIndex(p => p.Key == key);
            if (index < 0)
            {
                pairs.Add(new(key, value));
            }
            else if (pairs[index].Value.Length == 0)
            {
                pairs[index] = new(key, value);
            }
        }

        foreach (var (key, value) in extras)
        {
            Set(pairs, key, value);
        }

        return new CniArgs([.. pairs], []);
    }

    public override string ToString() => string.Join(';', Pairs.Select(p => $"{p.Key}={p.Value}"));

    private static void Set(List<KeyValuePair<string, string>> pairs, string key, string value)
    {
        for (var i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Key == key)
            {
                pairs[i] = new(key, value);
                return;
            }
        }

        pairs.Add(new(key, value));
    }
}

/// <summary>The pod named by <c>CNI_ARGS</c>; any part may be missing.</summary>
public sealed record PodIdentity(string? Namespace, string? Name, string? Uid)
{
    public bool IsEmpty => string.IsNullOrEmpty(Namespace) && string.IsNullOrEmpty(Name) && string.IsNullOrEmpty(Uid);

    public override string ToString() => $"{Namespace}/{Name}";
}
