using System.Collections.Immutable;
using Multi.Core.State;

namespace Multi.Cni.Tests.Support;

/// <summary>Reads and edits cache files the way a crash or a disk fault would leave them.</summary>
internal static class CacheFiles
{
    public static AttachmentCacheEntry Read(string path) => AttachmentCacheCodec.Decode(File.ReadAllBytes(path)).Unwrap();

    /// <summary>Rewrites the entry with these states (pending ones lose their result), as an interrupted ADD leaves it.</summary>
    public static void RewriteStates(string path, params string[] states)
    {
        var entry = Read(path);
        var attachments = entry.Attachments.Select((a, i) => Enum.Parse<AttachmentState>(states[i], ignoreCase: true) is var state
            ? a with { State = state, Result = state == AttachmentState.Pending ? null : a.Result }
            : a).ToImmutableArray();
        File.WriteAllBytes(path, AttachmentCacheCodec.Encode(entry with { Attachments = attachments }));
    }
}
