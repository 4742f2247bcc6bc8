using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Core.Daemon;
using Multi.Operator.NodeAgent.CniServer;

namespace Multi.Operator.Tests.CniServer;

/// <summary>The daemon's socket with real connections and real delegate processes (shell scripts).</summary>
public sealed class CniSocketServerTests
{
    [Fact]
    public async Task AddCheckDel_ThroughTheSocket_AnswerAsTheThinPathWould()
    {
        await using var daemon = new DaemonHarness();
        daemon.Start();
        var config = daemon.Config("fake");

        var add = await DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("ADD", "c1", config, daemon.BinDir));
        var result = JsonNode.Parse(add.Stdout)!.AsObject();
        var check = await DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("CHECK", "c1", WithPrevResult(config, result), daemon.BinDir));
        var del = await DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("DEL", "c1", config, daemon.BinDir));

        Assert.Equal((DaemonStatus.Answered, 0), (add.Status, add.ExitCode));
        Assert.Equal("10.1.1.2/24", result["ips"]![0]!["address"]!.GetValue<string>());
        Assert.Equal((DaemonStatus.Answered, 0, 0), (check.Status, check.ExitCode, check.Stdout.Length));
        Assert.Equal((DaemonStatus.Answered, 0, 0), (del.Status, del.ExitCode, del.Stdout.Length));
        Assert.Equal(["ADD", "CHECK", "DEL"], daemon.LogLines().Where(l => l.Contains(" start ", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]));
        Assert.Equal(1, daemon.Sample(daemon.Metrics.Requests, "multi", "ADD", "ok"));
        Assert.Equal(1, daemon.Sample(daemon.Metrics.Requests, "multi", "DEL", "ok"));
    }

    [Fact]
    public async Task Add_DelegateFails_AnswersTheCniErrorWithExitOne()
    {
        await using var daemon = new DaemonHarness();
        daemon.Start();

        var add = await DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("ADD", "c1", daemon.Config("absent-plugin"), daemon.BinDir));

        Assert.Equal((DaemonStatus.Answered, 1), (add.Status, add.ExitCode));
        Assert.Equal(CniErrorCode.DelegateNotFound, JsonNode.Parse(add.Stdout)!["code"]!.GetValue<uint>());
        Assert.Equal(1, daemon.Sample(daemon.Metrics.Requests, "multi", "ADD", "error"));
    }

    [Fact]
    public async Task Start_CreatesARootOnlyDirectoryAndSocket()
    {
        await using var daemon = new DaemonHarness();

        daemon.Start();

        var directory = Path.GetDirectoryName(daemon.SocketPath)!;
        Assert.Equal(DaemonSocketFile.DirectoryMode, File.GetUnixFileMode(directory));
        Assert.Equal(DaemonSocketFile.SocketMode, File.GetUnixFileMode(daemon.SocketPath));
        Assert.True(daemon.Server!.Serving);
    }

    [Fact]
    public async Task Start_ExistingDirectoryWithOtherModes_IsTightenedTo0700()
    {
        await using var daemon = new DaemonHarness();
        var directory = Path.GetDirectoryName(daemon.SocketPath)!;
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);

        daemon.Start();

        Assert.Equal(DaemonSocketFile.DirectoryMode, File.GetUnixFileMode(directory));
    }

    [Fact]
    public async Task Start_StaleSocket_IsReplaced()
    {
        await using var daemon = new DaemonHarness();
        Directory.CreateDirectory(Path.GetDirectoryName(daemon.SocketPath)!);
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(daemon.SocketPath));
        }

        daemon.Start();
        var version = await DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("VERSION", "", daemon.Config("fake"), daemon.BinDir));

        Assert.Equal((DaemonStatus.Answered, 0), (version.Status, version.ExitCode));
        Assert.Contains("supportedVersions", Encoding.UTF8.GetString(version.Stdout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RegularFileAtTheSocketPath_FailsNamingItAndKeepsIt()
    {
        await using var daemon = new DaemonHarness();
        Directory.CreateDirectory(Path.GetDirectoryName(daemon.SocketPath)!);
        await File.WriteAllTextAsync(daemon.SocketPath, "not a socket", TestContext.Current.CancellationToken);

        var ex = Assert.Throws<IOException>(daemon.Start);

        Assert.Contains(daemon.SocketPath, ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(daemon.SocketPath));
    }

    [Fact]
    public async Task Start_SocketDirectoryIsAFile_FailsNamingIt()
    {
        await using var daemon = new DaemonHarness();
        var directory = Path.GetDirectoryName(daemon.SocketPath)!;
        await File.WriteAllTextAsync(directory, "a file", TestContext.Current.CancellationToken);

        var ex = Assert.Throws<IOException>(daemon.Start);

        Assert.Contains(directory, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_BadMagic_AnsweredWithACniDecodingError()
    {
        await using var daemon = new DaemonHarness();
        daemon.Start();
        var frame = DaemonProtocol.EncodeRequest(DaemonClient.Request("ADD", "c1", daemon.Config("fake"), daemon.BinDir));
        frame[0] ^= 0xFF;

        var answer = await DaemonClient.SendRawAsync(daemon.SocketPath, frame);

        AssertCniError(answer, CniErrorCode.DecodingFailure, "magic");
        Assert.Equal(1, daemon.Sample(daemon.Metrics.Requests, "unknown", "unknown", "invalid"));
        Assert.Empty(daemon.LogLines());
    }

    [Fact]
    public async Task Request_MalformedBody_AnsweredWithACniDecodingError()
    {
        await using var daemon = new DaemonHarness();
        daemon.Start();
        var frame = new byte[DaemonProtocol.HeaderBytes + 6];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, DaemonProtocol.RequestMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), DaemonProtocol.Version);
        frame[6] = (byte)DaemonPlugin.Multi;
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), 6);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(DaemonProtocol.HeaderBytes), 1000);

        var answer = await DaemonClient.SendRawAsync(daemon.SocketPath, frame);

        AssertCniError(answer, CniErrorCode.DecodingFailure, "malformed daemon request");
    }

    [Fact]
    public async Task Request_AnotherProtocolVersion_AnsweredVersionMismatchWithoutReadingTheBody()
    {
        await using var daemon = new DaemonHarness();
        daemon.Start();
        var frame = DaemonProtocol.EncodeRequest(DaemonClient.Request("ADD", "c1", daemon.Config("fake"), daemon.BinDir))[..DaemonProtocol.HeaderBytes];
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), DaemonProtocol.Version + 1);

        var answer = await DaemonClient.SendRawAsync(daemon.SocketPath, frame);

        Assert.Equal(DaemonStatus.VersionMismatch, answer.Status);
        Assert.Empty(daemon.LogLines());
    }

    [Fact]
    public async Task Request_ClientGoesAwayMidHeader_TheDaemonKeepsServing()
    {
        await using var daemon = new DaemonHarness();
        daemon.Start();
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(daemon.SocketPath), TestContext.Current.CancellationToken);
            await socket.SendAsync(new byte[5], TestContext.Current.CancellationToken);
        }

        var version = await DaemonClient.SendAsync(daemon.SocketPath, DaemonClient.Request("VERSION", "", daemon.Config("fake"), daemon.BinDir));

        Assert.Equal((DaemonStatus.Answered, 0), (version.Status, version.ExitCode));
    }

    internal static void AssertCniError(DaemonResponse answer, uint code, string inMessage)
    {
        Assert.Equal((DaemonStatus.Answered, 1), (answer.Status, answer.ExitCode));
        var error = JsonNode.Parse(answer.Stdout)!.AsObject();
        Assert.Equal(code, error["code"]!.GetValue<uint>());
        Assert.Equal(CniVersion.Latest, error["cniVersion"]!.GetValue<string>());
        Assert.Contains(inMessage, error["msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static byte[] WithPrevResult(byte[] config, JsonObject result)
    {
        var node = JsonNode.Parse(config)!.AsObject();
        node["prevResult"] = result.DeepClone();
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }
}
