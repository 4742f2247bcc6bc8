using System.Diagnostics.CodeAnalysis;

namespace Multi.Core.Networks;

/// <summary>
/// The ownership marker the node agent writes into the <c>ifalias</c> of every link it creates (host-interfaces.md,
/// section 4): <c>multi/v1 id=&lt;h12&gt; spec=&lt;h12&gt;</c>, where <c>id</c> is <see cref="HostInterfaceNames.Hex"/> (12
/// digits) of the link's canonical identity and <c>spec</c> of its canonical desired attributes. Only a link whose alias
/// parses is the agent's to change or delete; anything else with a managed name or kernel key is foreign.
/// </summary>
public sealed record HostLinkMarker(string IdentityHash, string SpecHash)
{
    public const string Prefix = "multi/v1 ";
    public const int HashDigits = 12;

    /// <summary>The marker of a link with these canonical strings.</summary>
    public static HostLinkMarker For(string identity, string spec) =>
        new(HostInterfaceNames.Hex(identity, HashDigits), HostInterfaceNames.Hex(spec, HashDigits));

    /// <summary>The alias text: <c>multi/v1 id=… spec=…</c> (39 bytes, far below the kernel's 255).</summary>
    public override string ToString() => $"{Prefix}id={IdentityHash} spec={SpecHash}";

    /// <summary>True when <paramref name="alias"/> is exactly a v1 marker; a marker of another version or any other text is not ours.</summary>
    public static bool TryParse(string? alias, [NotNullWhen(true)] out HostLinkMarker? marker)
    {
        marker = null;
        if (alias is null || !alias.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = alias[Prefix.Length..].Split(' ');
        if (parts.Length != 2 || !Hash(parts[0], "id=", out var id) || !Hash(parts[1], "spec=", out var spec))
        {
            return false;
        }

        marker = new HostLinkMarker(id, spec);
        return true;
    }

    private static bool Hash(string part, string key, out string hash)
    {
        hash = part.StartsWith(key, StringComparison.Ordinal) ? part[key.Length..] : "";
        return hash.Length == HashDigits && hash.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
    }
}
