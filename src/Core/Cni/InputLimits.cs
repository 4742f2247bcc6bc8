using System.Text;

namespace Multi.Core.Cni;

/// <summary>
/// Bounds on what a caller can hand the plugin (README, "Errors"). They are checked where the input enters, so that
/// every name derived from it fits Linux's limits (a file name ≤ 255 bytes, a path ≤ 4095) and no work grows without
/// bound with an input's size. Every violation is a CNI error naming the field and the limit.
/// </summary>
public static class InputLimits
{
    /// <summary>The whole network configuration on stdin (and any configuration file or NAD <c>spec.config</c>).</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    /// <summary>
    /// <c>CNI_CONTAINERID</c>. The longest name derived from it, the cache entry's temporary file
    /// <c>.&lt;id&gt;@&lt;ifname&gt;.json.&lt;pid&gt;.tmp</c>, adds at most 34 bytes: 200 keeps it under 255 with room to spare.
    /// </summary>
    public const int MaxContainerIdBytes = 200;

    /// <summary>The configuration's <c>name</c>: the directory of its cache entries.</summary>
    public const int MaxNetworkNameBytes = 200;

    /// <summary>
    /// A path (<c>cniDir</c>, <c>confDir</c>, <c>CNI_NETNS</c>, …). With the longest names appended below a directory
    /// (<c>attachments/&lt;name&gt;/&lt;temporary file&gt;</c>, under 460 bytes) every derived path stays under PATH_MAX.
    /// </summary>
    public const int MaxPathBytes = 1024;

    /// <summary>One component of a path (NAME_MAX).</summary>
    public const int MaxPathComponentBytes = 255;

    /// <summary><c>CNI_PATH</c> as a whole, and <c>CNI_ARGS</c>.</summary>
    public const int MaxListVariableBytes = 16 * 1024;

    /// <summary>One annotation value (the API server allows 256 KiB for all of a pod's annotations together).</summary>
    public const int MaxAnnotationBytes = 256 * 1024;

    /// <summary>Attachments of one pod: the cluster network, the configured networks and the annotation's selections.</summary>
    public const int MaxAttachments = 128;

    /// <summary>Why <paramref name="value"/> cannot be a path (null when it can): NUL, invalid Unicode or a length beyond the limits.</summary>
    public static string? PathError(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return "it contains a NUL character";
        }

        if (TextError(value) is { } text)
        {
            return text;
        }

        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > MaxPathBytes)
        {
            return $"it is {bytes} bytes long; the limit is {MaxPathBytes} bytes";
        }

        foreach (var component in value.Split('/'))
        {
            var length = Encoding.UTF8.GetByteCount(component);
            if (length > MaxPathComponentBytes)
            {
                return $"a component of it is {length} bytes long; the limit is {MaxPathComponentBytes} bytes";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="value"/> is not valid Unicode text (a lone UTF-16 surrogate), or null.</summary>
    public static string? TextError(string value) =>
        value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0 && !IsWellFormed(value) ? "it is not valid Unicode (a lone surrogate)" : null;

    /// <summary>A length check with the message every limit uses.</summary>
    public static string? LengthError(string value, int limit)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        return bytes > limit ? $"it is {bytes} bytes long; the limit is {limit} bytes" : null;
    }

    /// <summary>A short rendering of a hostile value for a message: at most 64 characters, control characters escaped.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value.Length > 64 ? value[..64] : value)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.Append(value.Length > 64 ? "\"…" : "\"").ToString();
    }

    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
