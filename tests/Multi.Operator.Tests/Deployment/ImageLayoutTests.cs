using System.Formats.Tar;
using Multi.Operator.Tests.Support;
using Multi.Sandbox.Host;

namespace Multi.Operator.Tests.Deployment;

/// <summary>artifacts/image/multi-oci.tar (scripts/image.sh) is a valid OCI image layout, and packing it is reproducible.</summary>
public sealed class ImageLayoutTests
{
    [Fact]
    public void Archive_AsBuilt_IsAnOciLayoutWhoseBlobsMatchTheirDigests()
    {
        SkipWhenMissing();
        var archive = OciArchive.Read(OciArchive.Path);

        Assert.Equal("""{"imageLayoutVersion":"1.0.0"}""", System.Text.Encoding.UTF8.GetString(archive.Files["oci-layout"]));
        var entry = archive.Index["manifests"]!.AsArray().Single()!;
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", (string)entry["mediaType"]!);
        Assert.Equal("ghcr.io/multi-cni/multi:v0.1.0", (string)entry["annotations"]!["io.containerd.image.name"]!);
        Assert.Equal("v0.1.0", (string)entry["annotations"]!["org.opencontainers.image.ref.name"]!);
        foreach (var name in archive.Files.Keys.Where(n => n.StartsWith("blobs/sha256/", StringComparison.Ordinal)))
        {
            Assert.Equal("sha256:" + name["blobs/sha256/".Length..], OciArchive.Digest(archive.Files[name]));
        }

        Assert.Equal((long)entry["size"]!, archive.BlobBytes(archive.ManifestDigest).Length);
        var manifest = archive.Manifest;
        var layer = manifest["layers"]!.AsArray().Single()!;
        Assert.Equal("application/vnd.oci.image.layer.v1.tar+gzip", (string)layer["mediaType"]!);
        Assert.Equal((long)layer["size"]!, archive.BlobBytes((string)layer["digest"]!).Length);
        Assert.Equal((long)manifest["config"]!["size"]!, archive.BlobBytes((string)manifest["config"]!["digest"]!).Length);
    }

    [Fact]
    public void Config_AsBuilt_NamesTheOperatorAsEntrypointAndTheUncompressedLayer()
    {
        SkipWhenMissing();
        var archive = OciArchive.Read(OciArchive.Path);
        var config = archive.Config;

        Assert.Equal("amd64", (string)config["architecture"]!);
        Assert.Equal("linux", (string)config["os"]!);
        Assert.Equal("/opt/multi/operator/Multi.Operator", (string)config["config"]!["Entrypoint"]![0]!);
        Assert.Equal("0", (string)config["config"]!["User"]!);
        Assert.Contains("DOTNET_gcServer=0", config["config"]!["Env"]!.AsArray().Select(e => (string)e!));
        Assert.Equal("v0.1.0", (string)config["config"]!["Labels"]!["org.opencontainers.image.version"]!);
        var layer = archive.BlobBytes((string)archive.Manifest["layers"]![0]!["digest"]!);
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(layer), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        Assert.Equal((string)config["rootfs"]!["diff_ids"]![0]!, OciArchive.Digest(plain.ToArray()));
    }

    [Fact]
    public void Layer_AsBuilt_HoldsTheProgramsAndTheirLibrariesOwnedByRootWithOneMtime()
    {
        SkipWhenMissing();
        var archive = OciArchive.Read(OciArchive.Path);
        var entries = OciArchive.LayerEntries(archive.BlobBytes((string)archive.Manifest["layers"]![0]!["digest"]!));
        var names = entries.Select(e => e.Name.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);

        foreach (var file in new[]
        {
            "opt/multi/operator/Multi.Operator", "opt/multi/agent/Multi.Operator", "opt/multi/bin/multi", "opt/multi/bin/multi-ipam", "opt/multi/bin/multi-engine", "lib64/ld-linux-x86-64.so.2",
            "lib/x86_64-linux-gnu/libc.so.6", "lib/x86_64-linux-gnu/libssl.so.3", "lib/x86_64-linux-gnu/libcrypto.so.3",
            "etc/passwd", "etc/group", "tmp",
        })
        {
            Assert.Contains(file, names);
        }

        // The operator is one NativeAOT executable per mode: no runtime, JIT or managed assembly beside them.
        Assert.Equal(["opt/multi/operator/Multi.Operator"], names.Where(n => n.StartsWith("opt/multi/operator/", StringComparison.Ordinal)));
        Assert.Equal(["opt/multi/agent/Multi.Operator"], names.Where(n => n.StartsWith("opt/multi/agent/", StringComparison.Ordinal)));
        Assert.All(entries, e => Assert.Equal((0, 0), (e.Uid, e.Gid)));
        Assert.Single(entries.Select(e => e.ModificationTime).Distinct());
        Assert.Equal(entries.Select(e => e.Name).Order(StringComparer.Ordinal), entries.Select(e => e.Name));
        Assert.True(entries.Single(e => e.Name.TrimEnd('/') == "tmp").Mode.HasFlag(UnixFileMode.StickyBit));
    }

    [Fact]
    public async Task Pack_SameRootfsTwice_GivesTheSameBytesAndDigest()
    {
        SkipWhenMissing();
        var again = Path.Combine(Directory.CreateTempSubdirectory("multi-image-").FullName, "again.tar");
        try
        {
            var run = await ProcessRun.RunAsync("bash", [OciArchive.ImageScript, "--pack-only", again], seconds: 300, workingDirectory: RepoLayout.Root);
            Assert.True(run.ExitCode == 0, run.Output);

            var built = OciArchive.Read(OciArchive.Path);
            Assert.Contains("digest: " + built.ManifestDigest, run.Stdout, StringComparison.Ordinal);
            Assert.Equal(await File.ReadAllBytesAsync(OciArchive.Path, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(again, TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(again)!, recursive: true);
        }
    }

    private static void SkipWhenMissing()
    {
        if (!File.Exists(OciArchive.Path))
        {
            Assert.Skip(OciArchive.MissingMessage);
        }
    }
}
