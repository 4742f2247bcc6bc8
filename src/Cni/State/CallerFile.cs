using System.Runtime.InteropServices;
using Multi.Core.Cni;

namespace Multi.Cni.State;

/// <summary>
/// Files a caller names (configuration files, the kubeconfig and its credentials, the netns, the log file): their type
/// is checked before they are opened, since opening a FIFO blocks, and reads are bounded, so that nothing a caller
/// points the plugin at can hang it or make it read without end.
/// </summary>
internal static partial class CallerFile
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint StatxType = 0x1; // STATX_TYPE
    private const int StatxModeOffset = 28; // struct statx: the same layout on every architecture
    private const int TypeMask = 0xF000; // S_IFMT
    private const int RegularType = 0x8000; // S_IFREG (an nsfs inode is one too)
    private const int DirectoryType = 0x4000; // S_IFDIR

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, Span<byte> buffer);

    /// <summary>What <paramref name="path"/> is, symbolic links followed; <see cref="FileKind.Missing"/> when it cannot be examined.</summary>
    public static FileKind Kind(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal) || Statx(CurrentDirectory, path, 0, StatxType, buffer) != 0)
        {
            return FileKind.Missing;
        }

        return (BitConverter.ToUInt16(buffer[StatxModeOffset..]) & TypeMask) switch
        {
            RegularType => FileKind.Regular,
            DirectoryType => FileKind.Directory,
            _ => FileKind.Other,
        };
    }

    /// <summary>
    /// The file's bytes. An <see cref="IOException"/> when it is not a regular file or is larger than <paramref name="limit"/>
    /// (a <see cref="FileNotFoundException"/> when it does not exist), as for any other read failure.
    /// </summary>
    public static byte[] ReadAllBytes(string path, int limit = InputLimits.MaxDocumentBytes)
    {
        switch (Kind(path))
        {
            case FileKind.Missing when !File.Exists(path):
                throw new FileNotFoundException($"{path} does not exist", path);
            case FileKind.Directory or FileKind.Other:
                throw new IOException($"{path} is not a regular file");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                throw new IOException($"{path} is larger than the limit of {limit} bytes");
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}
