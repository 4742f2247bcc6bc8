namespace Multi.Core.Ipam;

/// <summary>Kubernetes name syntax (apimachinery validation): DNS-1123 labels and subdomains, label keys and values.</summary>
public static class KubeNames
{
    /// <summary>1–63 lower-case alphanumerics or '-', starting and ending with an alphanumeric.</summary>
    public static bool IsDns1123Label(string? text) =>
        text is { Length: >= 1 and <= 63 } && IsAlnum(text[0]) && IsAlnum(text[^1]) && text.All(c => IsAlnum(c) || c == '-');

    /// <summary>Dot-separated DNS-1123 labels, at most 253 characters.</summary>
    public static bool IsDns1123Subdomain(string? text) =>
        text is { Length: >= 1 and <= 253 } && text.Split('.').All(IsDns1123Label);

    /// <summary>A label key: optional DNS-1123 subdomain prefix and '/', then a name of 1–63 characters.</summary>
    public static bool IsLabelKey(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var slash = text.LastIndexOf('/');
        return (slash < 0 || IsDns1123Subdomain(text[..slash])) && IsLabelValue(text[(slash + 1)..]) && text.Length - slash > 1;
    }

    /// <summary>Empty, or 1–63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric.</summary>
    public static bool IsLabelValue(string? text) =>
        text is not null && (text.Length == 0 || (text.Length <= 63 && char.IsAsciiLetterOrDigit(text[0]) && char.IsAsciiLetterOrDigit(text[^1])
            && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')));

    private static bool IsAlnum(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c);
}
