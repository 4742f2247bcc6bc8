using System.Security.Cryptography;

namespace Multi.Operator.NodeAgent.Install;

/// <summary>
/// Replaces a file whole: the content goes to a temporary file in the same directory (a name no runtime loads: it ends
/// in <c>.tmp</c>), is fsynced, gets its mode, and is renamed over the target. A reader sees the old file or the new one,
/// never a part; a process executing the old file keeps its inode, so a busy binary is never written into.
/// </summary>
internal static class AtomicFile
{
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode Executable = Private | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var bytes = content.ToArray();
        Replace(path, mode, stream => stream.Write(bytes));
    }

    public static void Copy(string source, string path, UnixFileMode mode)
    {
        using var input = File.OpenRead(source);
        Replace(path, mode, input.CopyTo);
    }

    /// <summary>Fills a temporary file beside <paramref name="path"/>, syncs it and renames it over the path; on failure removes it.</summary>
    private static void Replace(string path, UnixFileMode mode, Action<Stream> fill)
    {
        var temp = TempPath(path);
        try
        {
            using (var stream = Create(temp, mode))
            {
                fill(stream);
                stream.Flush(flushToDisk: true);
            }

            Commit(temp, path, mode);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>True when <paramref name="path"/> exists with exactly <paramref name="content"/>.</summary>
    public static bool HasContent(string path, ReadOnlySpan<byte> content)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        return stream.Length == content.Length && SHA256.HashData(stream).AsSpan().SequenceEqual(SHA256.HashData(content));
    }

    /// <summary>True when both files exist with the same SHA-256.</summary>
    public static bool SameContent(string a, string b)
    {
        if (!File.Exists(a) || !File.Exists(b))
        {
            return false;
        }

        using var left = File.OpenRead(a);
        using var right = File.OpenRead(b);
        return left.Length == right.Length && SHA256.HashData(left).AsSpan().SequenceEqual(SHA256.HashData(right));
    }

    /// <summary>A directory that exists with exactly <paramref name="mode"/>.</summary>
    public static void EnsureDirectory(string path, UnixFileMode mode)
    {
        Directory.CreateDirectory(path, mode);
        File.SetUnixFileMode(path, mode);
    }

    private static string TempPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");

    private static FileStream Create(string temp, UnixFileMode mode) =>
        new(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode });

    private static void Commit(string temp, string path, UnixFileMode mode)
    {
        File.SetUnixFileMode(temp, mode); // the create mode is masked by the umask
        File.Move(temp, path, overwrite: true); // rename(2): atomic within the directory
    }
}
