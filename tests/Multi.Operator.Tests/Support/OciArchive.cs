using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Multi.Sandbox.Host;

namespace Multi.Operator.Tests.Support;

/// <summary>The OCI image layout archive scripts/image.sh writes, read back: its files by name and its JSON documents.</summary>
internal sealed class OciArchive
{
    public static readonly string Path = System.IO.Path.Combine(RepoLayout.Root, "artifacts", "image", "multi-oci.tar");

    public static readonly string ImageScript = System.IO.Path.Combine(RepoLayout.Root, "scripts", "image.sh");

    public const string MissingMessage = "artifacts/image/multi-oci.tar is missing: scripts/test.sh builds it (bash scripts/image.sh)";

    private OciArchive(IReadOnlyDictionary<string, byte[]> files, IReadOnlyList<string> names)
    {
        Files = files;
        Names = names;
    }

    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>Every entry's name in archive order (directories included).</summary>
    public IReadOnlyList<string> Names { get; }

    public JsonNode Index => JsonNode.Parse(Files["index.json"])!;

    /// <summary>The manifest's digest as the index names it: what <c>ctr images ls</c> shows.</summary>
    public string ManifestDigest => (string)Index["manifests"]![0]!["digest"]!;

    public JsonNode Manifest => Blob(ManifestDigest);

    public JsonNode Config => Blob((string)Manifest["config"]!["digest"]!);

    public byte[] BlobBytes(string digest) => Files["blobs/sha256/" + digest["sha256:".Length..]];

    public JsonNode Blob(string digest) => JsonNode.Parse(BlobBytes(digest))!;

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static OciArchive Read(string path)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var names = new List<string>();
        using var stream = File.OpenRead(path);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
            if (entry.DataStream is { } data)
            {
                using var copy = new MemoryStream();
                data.CopyTo(copy);
                files[entry.Name] = copy.ToArray();
            }
        }

        return new OciArchive(files, names);
    }

    /// <summary>The entries of a gzip-compressed layer: name → (mode, uid, gid, mtime).</summary>
    public static IReadOnlyList<TarEntry> LayerEntries(byte[] gzipLayer)
    {
        var entries = new List<TarEntry>();
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(gzipLayer), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }
}
