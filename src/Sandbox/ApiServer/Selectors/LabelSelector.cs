namespace Multi.Sandbox.ApiServer.Selectors;

/// <summary>The label selector grammar of the <c>labelSelector</c> query parameter; all terms must match.</summary>
internal sealed record LabelSelector(IReadOnlyList<LabelRequirement> Requirements)
{
    public static LabelSelector Everything { get; } = new([]);

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Everything;
        return new LabelSelector(SplitTerms(text).Select(ParseTerm).ToList());
    }

    private static LabelRequirement ParseTerm(string term)
    {
        if (term.StartsWith('!'))
            return new(Key(term[1..]), LabelOperator.DoesNotExist, []);
        foreach (var (word, op) in new[] { (" notin ", LabelOperator.NotIn), (" in ", LabelOperator.In) })
        {
            var at = term.IndexOf(word, StringComparison.Ordinal);
            if (at > 0)
                return new(Key(term[..at]), op, SetValues(term[(at + word.Length)..]));
        }

        foreach (var (symbol, op) in new[] { ("!=", LabelOperator.NotIn), ("==", LabelOperator.In), ("=", LabelOperator.In) })
        {
            var at = term.IndexOf(symbol, StringComparison.Ordinal);
            if (at > 0)
                return new(Key(term[..at]), op, [term[(at + symbol.Length)..].Trim()]);
        }

        return new(Key(term), LabelOperator.Exists, []);
    }

    private static List<string> SetValues(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || trimmed[0] != '(' || trimmed[^1] != ')')
            throw ApiException.BadRequest($"unable to parse requirement: set values must be in parentheses: \"{text}\"");
        return trimmed[1..^1].Split(',').Select(v => v.Trim()).ToList();
    }

    private static string Key(string text)
    {
        var key = text.Trim();
        return key.Length > 0 && !key.Contains(' ', StringComparison.Ordinal)
            ? key
            : throw ApiException.BadRequest($"unable to parse requirement: invalid label key \"{text}\"");
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i].Trim();
                start = i + 1;
            }
        }

        yield return text[start..].Trim();
    }
}
