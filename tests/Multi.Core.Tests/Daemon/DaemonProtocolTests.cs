using System.Buffers.Binary;
using Multi.Core.Cni;
using Multi.Core.Daemon;
using Xunit;

namespace Multi.Core.Tests.Daemon;

/// <summary>The shim ↔ daemon wire format: golden header bytes, round trips, and every malformed frame the decoders refuse.</summary>
public sealed class DaemonProtocolTests
{
    private static readonly CniEnvironment FullEnv = new("ADD", "c1", "/var/run/netns/p", "eth0", "K8S_POD_NAME=p;IgnoreUnknown=1", "/opt/cni/bin:/usr/lib/cni");

    public static TheoryData<CniEnvironment> Environments => new()
    {
        FullEnv,
        new CniEnvironment(null, null, null, null, null, null),
        new CniEnvironment("", "", "", "", "", ""),
        new CniEnvironment("DEL", null, "", "eth1", null, "/ü/bin"),
    };

    [Theory]
    [MemberData(nameof(Environments))]
    public void Request_RoundTrip_KeepsNullApartFromEmpty(CniEnvironment env)
    {
        var request = new DaemonRequest(DaemonPlugin.Multi, env, """{"cniVersion":"1.0.0"}"""u8.ToArray());

        var decoded = Decode(DaemonProtocol.EncodeRequest(request)).Unwrap();

        Assert.Equal(DaemonPlugin.Multi, decoded.Plugin);
        Assert.Equal(env, decoded.Environment);
        Assert.Equal(request.Stdin, decoded.Stdin);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(256)]
    public void Request_BinaryStdin_RoundTripsByteForByte(int length)
    {
        var stdin = Enumerable.Range(0, length).Select(i => (byte)(255 - (i % 256))).ToArray();

        var decoded = Decode(DaemonProtocol.EncodeRequest(new DaemonRequest(DaemonPlugin.MultiIpam, FullEnv, stdin))).Unwrap();

        Assert.Equal(DaemonPlugin.MultiIpam, decoded.Plugin);
        Assert.Equal(stdin, decoded.Stdin);
    }

    [Fact]
    public void EncodeRequest_Header_GoldenBytes()
    {
        var frame = DaemonProtocol.EncodeRequest(new DaemonRequest(DaemonPlugin.MultiIpam, new CniEnvironment("ADD", null, null, null, null, null), [0x7b, 0x7d]));

        // "MLTQ", version 1, kind 2, status 0, body 4+3 + 5×4 (unset) + 4+2 = 33 bytes; then COMMAND's length and "ADD".
        Assert.Equal(new byte[] { 0x4D, 0x4C, 0x54, 0x51, 1, 0, 2, 0, 33, 0, 0, 0, 3, 0, 0, 0, 0x41, 0x44, 0x44, 0xFF, 0xFF, 0xFF, 0xFF }, frame[..23]);
        Assert.Equal(DaemonProtocol.HeaderBytes + 33, frame.Length);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0x7b, 0x7d }, frame[^6..]);
    }

    [Fact]
    public void EncodeResponse_Header_GoldenBytes()
    {
        var frame = DaemonProtocol.EncodeResponse(new DaemonResponse(DaemonStatus.Refused, 1, [0x61], []));

        Assert.Equal(new byte[] { 0x4D, 0x4C, 0x54, 0x41, 1, 0, 0, 3, 13, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0x61, 0, 0, 0, 0 }, frame);
    }

    [Fact]
    public void RequestHeaderError_ValidHeader_Null()
    {
        var header = DaemonProtocol.ReadHeader(DaemonProtocol.EncodeRequest(new DaemonRequest(DaemonPlugin.Multi, FullEnv, [])));

        Assert.Null(DaemonProtocol.RequestHeaderError(header));
    }

    [Theory]
    [InlineData(0x41544C4Du, 1, 1, 10, "bad magic")]
    [InlineData(0u, 1, 1, 10, "bad magic")]
    [InlineData(DaemonProtocol.RequestMagic, 1, 0, 10, "unknown plugin kind 0")]
    [InlineData(DaemonProtocol.RequestMagic, 1, 3, 10, "unknown plugin kind 3")]
    [InlineData(DaemonProtocol.RequestMagic, 1, 1, -1, "the daemon request body is -1 bytes")]
    [InlineData(DaemonProtocol.RequestMagic, 1, 2, DaemonProtocol.MaxRequestBodyBytes + 1, "at most")]
    public void RequestHeaderError_BadHeader_DecodingFailureNamingTheProblem(uint magic, int version, int kind, int bodyLength, string expected)
    {
        var error = DaemonProtocol.RequestHeaderError(new DaemonFrameHeader(magic, (ushort)version, (byte)kind, 0, bodyLength));

        Assert.NotNull(error);
        Assert.Equal(CniErrorCode.DecodingFailure, error.Code);
        Assert.Contains(expected, error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(ushort.MaxValue)]
    public void RequestHeaderError_OtherVersion_NullSoTheDaemonAnswersVersionMismatch(int version)
    {
        Assert.Null(DaemonProtocol.RequestHeaderError(new DaemonFrameHeader(DaemonProtocol.RequestMagic, (ushort)version, 99, 0, -5)));
    }

    [Fact]
    public void ReadHeader_ShortSpan_Throws()
    {
        Assert.Throws<ArgumentException>(() => DaemonProtocol.ReadHeader(new byte[DaemonProtocol.HeaderBytes - 1]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(30)]
    public void DecodeRequest_TruncatedBody_DecodingFailure(int cut)
    {
        var frame = DaemonProtocol.EncodeRequest(new DaemonRequest(DaemonPlugin.Multi, FullEnv, [1, 2, 3]));
        var header = DaemonProtocol.ReadHeader(frame);
        var body = frame.AsSpan(DaemonProtocol.HeaderBytes, frame.Length - DaemonProtocol.HeaderBytes - cut).ToArray();

        // Both the body shorter than its header says, and a header that agrees with the shorter body.
        AssertDecodingFailure(DaemonProtocol.DecodeRequest(header, body));
        AssertDecodingFailure(DaemonProtocol.DecodeRequest(header with { BodyLength = body.Length }, body));
    }

    [Fact]
    public void DecodeRequest_TrailingBytes_DecodingFailureNamingThem()
    {
        var frame = DaemonProtocol.EncodeRequest(new DaemonRequest(DaemonPlugin.Multi, FullEnv, [1, 2, 3]));
        var body = frame.AsSpan(DaemonProtocol.HeaderBytes).ToArray().Concat(new byte[] { 9, 9 }).ToArray();
        var header = DaemonProtocol.ReadHeader(frame) with { BodyLength = body.Length };

        var error = AssertDecodingFailure(DaemonProtocol.DecodeRequest(header, body));

        Assert.Contains("2 bytes after its stdin", error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRequest_VariableNotUtf8_DecodingFailure()
    {
        var frame = DaemonProtocol.EncodeRequest(new DaemonRequest(DaemonPlugin.Multi, FullEnv with { Command = "ADX" }, []));
        frame[DaemonProtocol.HeaderBytes + 4 + 2] = 0xFF; // "AD\xFF": not UTF-8

        var error = AssertDecodingFailure(Decode(frame));

        Assert.Contains("not valid UTF-8", error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(DaemonProtocol.MaxVariableBytes + 1)]
    [InlineData(int.MaxValue)]
    public void DecodeRequest_VariableLengthOutOfBounds_DecodingFailure(int length)
    {
        var frame = DaemonProtocol.EncodeRequest(new DaemonRequest(DaemonPlugin.Multi, FullEnv, []));
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(DaemonProtocol.HeaderBytes), length);

        AssertDecodingFailure(Decode(frame));
    }

    [Theory]
    [InlineData(DaemonStatus.Answered, 0)]
    [InlineData(DaemonStatus.Refused, 1)]
    [InlineData(DaemonStatus.Unavailable, -7)]
    public void Response_RoundTrip(DaemonStatus status, int exitCode)
    {
        var response = new DaemonResponse(status, exitCode, """{"cniVersion":"1.0.0"}"""u8.ToArray(), [0, 0xFF, 0x0A]);
        var frame = DaemonProtocol.EncodeResponse(response);

        var decoded = DaemonProtocol.DecodeResponse(DaemonProtocol.ReadHeader(frame), frame.AsSpan(DaemonProtocol.HeaderBytes));

        Assert.NotNull(decoded);
        Assert.Equal((status, exitCode), (decoded.Status, decoded.ExitCode));
        Assert.Equal(response.Stdout, decoded.Stdout);
        Assert.Equal(response.Stderr, decoded.Stderr);
    }

    [Fact]
    public void Fallback_EmptyAnswerWithTheStatus()
    {
        var frame = DaemonProtocol.EncodeResponse(DaemonResponse.Fallback(DaemonStatus.VersionMismatch));

        var decoded = DaemonProtocol.DecodeResponse(DaemonProtocol.ReadHeader(frame), frame.AsSpan(DaemonProtocol.HeaderBytes));

        Assert.Equal(DaemonStatus.VersionMismatch, decoded!.Status);
        Assert.Empty(decoded.Stdout);
        Assert.Empty(decoded.Stderr);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void DecodeResponse_OtherVersion_Null(int version)
    {
        var frame = DaemonProtocol.EncodeResponse(new DaemonResponse(DaemonStatus.Answered, 0, [1], [2]));
        var header = DaemonProtocol.ReadHeader(frame) with { Version = (ushort)version };

        Assert.Null(DaemonProtocol.DecodeResponse(header, frame.AsSpan(DaemonProtocol.HeaderBytes)));
    }

    [Fact]
    public void DecodeResponse_RequestMagic_Null()
    {
        var frame = DaemonProtocol.EncodeResponse(new DaemonResponse(DaemonStatus.Answered, 0, [1], [2]));
        var header = DaemonProtocol.ReadHeader(frame) with { Magic = DaemonProtocol.RequestMagic };

        Assert.Null(DaemonProtocol.DecodeResponse(header, frame.AsSpan(DaemonProtocol.HeaderBytes)));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(14, true)]
    public void DecodeResponse_Truncated_Null(int cut, bool headerAgrees)
    {
        var frame = DaemonProtocol.EncodeResponse(new DaemonResponse(DaemonStatus.Answered, 0, [1, 2, 3], [4]));
        var body = frame.AsSpan(DaemonProtocol.HeaderBytes, frame.Length - DaemonProtocol.HeaderBytes - cut).ToArray();
        var header = DaemonProtocol.ReadHeader(frame);

        Assert.Null(DaemonProtocol.DecodeResponse(headerAgrees ? header with { BodyLength = body.Length } : header, body));
    }

    [Fact]
    public void DecodeResponse_TrailingBytes_Null()
    {
        var frame = DaemonProtocol.EncodeResponse(new DaemonResponse(DaemonStatus.Answered, 0, [1], [2]));
        var body = frame.AsSpan(DaemonProtocol.HeaderBytes).ToArray().Concat(new byte[] { 0 }).ToArray();

        Assert.Null(DaemonProtocol.DecodeResponse(DaemonProtocol.ReadHeader(frame) with { BodyLength = body.Length }, body));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-2)]
    [InlineData(1000)]
    public void DecodeResponse_FieldLengthOutOfBounds_Null(int stdoutLength)
    {
        var frame = DaemonProtocol.EncodeResponse(new DaemonResponse(DaemonStatus.Answered, 0, [1], [2]));
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(DaemonProtocol.HeaderBytes + 4), stdoutLength);

        // -1 (an unset field) is legal for the length itself, but then the rest of the body no longer fits.
        Assert.Null(DaemonProtocol.DecodeResponse(DaemonProtocol.ReadHeader(frame), frame.AsSpan(DaemonProtocol.HeaderBytes)));
    }

    private static Outcome<DaemonRequest> Decode(byte[] frame)
    {
        var header = DaemonProtocol.ReadHeader(frame);
        Assert.Null(DaemonProtocol.RequestHeaderError(header));
        return DaemonProtocol.DecodeRequest(header, frame.AsSpan(DaemonProtocol.HeaderBytes));
    }

    private static CniError AssertDecodingFailure<T>(Outcome<T> outcome)
    {
        Assert.False(outcome.IsOk);
        Assert.Equal(CniErrorCode.DecodingFailure, outcome.Error.Code);
        return outcome.Error;
    }
}
