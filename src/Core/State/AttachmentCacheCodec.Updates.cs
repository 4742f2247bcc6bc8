using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Cni;

namespace Multi.Core.State;

public static partial class AttachmentCacheCodec
{
    /// <summary>
    /// One line recording an attachment's new state and result:
    /// <c>{"checksum":"xxh3 of update","update":{"position":1,"state":"added","result":{…},"resultVersion":"1.0.0"}}</c>.
    /// Appending it replaces rewriting the whole entry after every delegate.
    /// </summary>
    public static byte[] EncodeUpdate(CachedAttachment attachment)
    {
        var update = JsonText.Write(new JsonObject
        {
            ["position"] = attachment.Position,
            ["state"] = StateName(attachment.State),
            ["result"] = ResultToJson(attachment.Result),
            ["resultVersion"] = attachment.Result?.CniVersion,
        });
        return Encoding.UTF8.GetBytes($"{{\"checksum\":\"{Checksum(update)}\",\"update\":{update}}}\n");
    }

    /// <summary>
    /// Applies update lines in order. The first line that is torn, fails its checksum or names no attachment ends
    /// the replay: what follows a damaged line is not trusted, and the attachments it would have updated stay as
    /// the earlier lines left them (pending attachments are still deleted by DEL).
    /// </summary>
    private static AttachmentCacheEntry ApplyUpdates(AttachmentCacheEntry entry, ReadOnlySpan<byte> lines)
    {
        while (!lines.IsEmpty)
        {
            var newline = lines.IndexOf((byte)'\n');
            if (newline < 0)
            {
                return entry; // a line without its newline was torn while being appended
            }

            var line = lines[..newline];
            lines = lines[(newline + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            var next = TryApply(entry, line);
            if (next is null)
            {
                return entry;
            }

            entry = next;
        }

        return entry;
    }

    private static AttachmentCacheEntry? TryApply(AttachmentCacheEntry entry, ReadOnlySpan<byte> line)
    {
        try
        {
            if (Json.Parse(line) is not JsonObject envelope || envelope["update"] is not JsonObject update
                || Json.GetString(envelope, "checksum") != Checksum(JsonText.Write(update)))
            {
                return null;
            }

            var position = Json.GetInt(update, "position");
            var current = entry.Attachments.FirstOrDefault(a => a.Position == position);
            return current is null ? null : entry.With(current with { State = StateFromJson(update), Result = ResultFromJson(update) });
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or CniException)
        {
            return null;
        }
    }
}
