namespace Multi.Core.Cni;

/// <summary>The <c>CNI_*</c> variables as the runtime set them; an empty value counts as missing.</summary>
public sealed record CniEnvironment(string? Command, string? ContainerId, string? Netns, string? IfName, string? Args, string? Path)
{
    public static CniEnvironment From(Func<string, string?> lookup) => new(
        NullIfEmpty(lookup("CNI_COMMAND")),
        NullIfEmpty(lookup("CNI_CONTAINERID")),
        NullIfEmpty(lookup("CNI_NETNS")),
        NullIfEmpty(lookup("CNI_IFNAME")),
        NullIfEmpty(lookup("CNI_ARGS")),
        NullIfEmpty(lookup("CNI_PATH")));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
