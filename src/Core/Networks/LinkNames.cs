using System.Text;

namespace Multi.Core.Networks;

/// <summary>Linux interface names (host-interfaces.md, section 2): 1–15 bytes, not <c>.</c> or <c>..</c>, no '/', ':' or whitespace.</summary>
public static class LinkNames
{
    public const int MaxBytes = 15;

    public const string Rule = "1–15 bytes, not . or .., no '/', ':' or whitespace";

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxBytes && name is not "." and not ".."
        && !name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || char.IsSurrogate(c) || char.IsControl(c))
        && Encoding.UTF8.GetByteCount(name) <= MaxBytes;
}
