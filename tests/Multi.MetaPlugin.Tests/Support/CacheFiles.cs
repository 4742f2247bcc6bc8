using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Core;

namespace Multi.MetaPlugin.Tests.Support;

/// <summary>Edits cache files the way a crash or a disk fault would leave them.</summary>
internal static class CacheFiles
{
    /// <summary>Sets the attachments' states and re-signs the entry, as an interrupted ADD leaves it.</summary>
    public static void RewriteStates(string path, params string[] states)
    {
        var envelope = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var entry = envelope["entry"]!.AsObject();
        var attachments = entry["attachments"]!.AsArray();
        for (var i = 0; i < states.Length; i++)
        {
            attachments[i]!["state"] = states[i];
            if (states[i] == "pending")
            {
                attachments[i]!["result"] = null;
            }
        }

        envelope["checksum"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonText.Write(entry))));
        File.WriteAllText(path, JsonText.Write(envelope));
    }
}
