using System.Buffers.Binary;
using System.Text;
using Multi.Core.Cni;

namespace Multi.Core.Daemon;

/// <summary>
/// The shim ↔ daemon wire format (node-daemon.md, section 3): one request and one answer per connection on a Unix socket.
/// Every frame is a 12-byte header — magic (4 bytes), protocol version (u16), kind (u8), status (u8), body length (i32),
/// little-endian — and a body. The header's layout is fixed for every version, so that either side can read the other's
/// version and answer a mismatch by the fallback instead of an error. A request's kind is the <see cref="DaemonPlugin"/>;
/// its body is the six <c>CNI_*</c> variables (i32 byte length, -1 for unset, then UTF-8) in the order COMMAND,
/// CONTAINERID, NETNS, IFNAME, ARGS, PATH, then stdin (i32 length and bytes). An answer's status is a
/// <see cref="DaemonStatus"/>; its body is the exit code (i32), stdout and stderr (each i32 length and bytes).
/// Pure: the caller moves the bytes.
/// </summary>
public static class DaemonProtocol
{
    public const ushort Version = 1;
    public const int HeaderBytes = 12;

    /// <summary>"MLTQ" and "MLTA" read as little-endian integers.</summary>
    public const uint RequestMagic = 0x51544C4D;
    public const uint ResponseMagic = 0x41544C4D;

    /// <summary>One <c>CNI_*</c> variable (CNI_ARGS and CNI_PATH are the long ones).</summary>
    public const int MaxVariableBytes = 64 * 1024;

    /// <summary>A request body: the configuration document's bound plus the variables.</summary>
    public const int MaxRequestBodyBytes = InputLimits.MaxDocumentBytes + (6 * (MaxVariableBytes + 4)) + 4;

    /// <summary>An answer body: a result is far smaller, stderr is the delegates' diagnostics.</summary>
    public const int MaxResponseBodyBytes = 16 * 1024 * 1024;

    private const int VariableCount = 6;

    public static byte[] EncodeRequest(DaemonRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var env = request.Environment;
        string?[] variables = [env.Command, env.ContainerId, env.Netns, env.IfName, env.Args, env.Path];
        var length = 4 + request.Stdin.Length;
        foreach (var v in variables)
        {
            length += 4 + (v is null ? 0 : Encoding.UTF8.GetByteCount(v));
        }

        var frame = new byte[HeaderBytes + length];
        WriteHeader(frame, new DaemonFrameHeader(RequestMagic, Version, (byte)request.Plugin, 0, length));
        var at = HeaderBytes;
        foreach (var v in variables)
        {
            at = WriteString(frame, at, v);
        }

        WriteBytes(frame, at, request.Stdin);
        return frame;
    }

    public static byte[] EncodeResponse(DaemonResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var length = 12 + response.Stdout.Length + response.Stderr.Length;
        var frame = new byte[HeaderBytes + length];
        WriteHeader(frame, new DaemonFrameHeader(ResponseMagic, Version, 0, (byte)response.Status, length));
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(HeaderBytes), response.ExitCode);
        WriteBytes(frame, WriteBytes(frame, HeaderBytes + 4, response.Stdout), response.Stderr);
        return frame;
    }

    public static DaemonFrameHeader ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderBytes)
        {
            throw new ArgumentException($"a frame header is {HeaderBytes} bytes", nameof(header));
        }

        return new DaemonFrameHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(header),
            BinaryPrimitives.ReadUInt16LittleEndian(header[4..]),
            header[6],
            header[7],
            BinaryPrimitives.ReadInt32LittleEndian(header[8..]));
    }

    /// <summary>
    /// What is wrong with a request header, or null when its body may be read. A header of another version is not checked
    /// further: the daemon answers it <see cref="DaemonStatus.VersionMismatch"/> without reading the body.
    /// </summary>
    public static CniError? RequestHeaderError(DaemonFrameHeader header) =>
        header.Magic != RequestMagic ? new CniError(CniErrorCode.DecodingFailure, "not a multi daemon request (bad magic)")
        : header.Version != Version ? null
        : header.Kind is not ((byte)DaemonPlugin.Multi or (byte)DaemonPlugin.MultiIpam) ? new CniError(CniErrorCode.DecodingFailure, $"unknown plugin kind {header.Kind} in the daemon request")
        : header.BodyLength is < 0 or > MaxRequestBodyBytes ? new CniError(CniErrorCode.DecodingFailure, $"the daemon request body is {header.BodyLength} bytes; at most {MaxRequestBodyBytes} are accepted")
        : null;

    /// <summary>The request of a checked header (<see cref="RequestHeaderError"/>) and its body; a malformed body is a CNI error (code 6).</summary>
    public static Outcome<DaemonRequest> DecodeRequest(DaemonFrameHeader header, ReadOnlySpan<byte> body)
    {
        if (body.Length != header.BodyLength)
        {
            return Outcome<DaemonRequest>.Fail(CniErrorCode.DecodingFailure, $"the daemon request body is {body.Length} bytes, its header says {header.BodyLength}");
        }

        var variables = new string?[VariableCount];
        var at = 0;
        try
        {
            for (var i = 0; i < VariableCount; i++)
            {
                variables[i] = ReadString(body, ref at);
            }

            var stdin = ReadBytes(body, ref at, InputLimits.MaxDocumentBytes + 1) ?? [];
            if (at != body.Length)
            {
                return Outcome<DaemonRequest>.Fail(CniErrorCode.DecodingFailure, $"the daemon request has {body.Length - at} bytes after its stdin");
            }

            var env = new CniEnvironment(variables[0], variables[1], variables[2], variables[3], variables[4], variables[5]);
            return Outcome<DaemonRequest>.Ok(new DaemonRequest((DaemonPlugin)header.Kind, env, stdin));
        }
        catch (FormatException ex)
        {
            return Outcome<DaemonRequest>.Fail(CniErrorCode.DecodingFailure, $"malformed daemon request: {ex.Message}");
        }
    }

    /// <summary>The answer of a response header of this version and its body; null when the body is malformed.</summary>
    public static DaemonResponse? DecodeResponse(DaemonFrameHeader header, ReadOnlySpan<byte> body)
    {
        if (header.Magic != ResponseMagic || header.Version != Version || body.Length != header.BodyLength || body.Length < 12)
        {
            return null;
        }

        var at = 4;
        try
        {
            var stdout = ReadBytes(body, ref at, MaxResponseBodyBytes) ?? [];
            var stderr = ReadBytes(body, ref at, MaxResponseBodyBytes) ?? [];
            return at == body.Length
                ? new DaemonResponse((DaemonStatus)header.Status, BinaryPrimitives.ReadInt32LittleEndian(body), stdout, stderr)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void WriteHeader(Span<byte> frame, DaemonFrameHeader header)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(frame, header.Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[4..], header.Version);
        frame[6] = header.Kind;
        frame[7] = header.Status;
        BinaryPrimitives.WriteInt32LittleEndian(frame[8..], header.BodyLength);
    }

    private static int WriteString(byte[] frame, int at, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(at), -1);
            return at + 4;
        }

        var written = Encoding.UTF8.GetBytes(value, frame.AsSpan(at + 4));
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(at), written);
        return at + 4 + written;
    }

    private static int WriteBytes(byte[] frame, int at, byte[] value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(at), value.Length);
        value.CopyTo(frame.AsSpan(at + 4));
        return at + 4 + value.Length;
    }

    private static string? ReadString(ReadOnlySpan<byte> body, ref int at)
    {
        var bytes = ReadBytes(body, ref at, MaxVariableBytes);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("a CNI variable is not valid UTF-8");
        }
    }

    /// <summary>An i32 length (-1: null) and that many bytes, at most <paramref name="max"/>.</summary>
    private static byte[]? ReadBytes(ReadOnlySpan<byte> body, ref int at, int max)
    {
        if (body.Length - at < 4)
        {
            throw new FormatException("truncated");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(body[at..]);
        at += 4;
        if (length == -1)
        {
            return null;
        }

        if (length < 0 || length > max || length > body.Length - at)
        {
            throw new FormatException($"a field of {length} bytes does not fit (at most {Math.Min(max, body.Length - at)})");
        }

        var value = body.Slice(at, length).ToArray();
        at += length;
        return value;
    }
}
