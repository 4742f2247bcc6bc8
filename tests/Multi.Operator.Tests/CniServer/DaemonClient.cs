using System.Net.Sockets;
using Multi.Core.Cni;
using Multi.Core.Daemon;

namespace Multi.Operator.Tests.CniServer;

/// <summary>What the shim does, with Core's codec: one frame out, one frame back.</summary>
internal static class DaemonClient
{
    public static DaemonRequest Request(string command, string containerId, byte[] stdin, string cniPath, string ifName = "eth0", DaemonPlugin plugin = DaemonPlugin.Multi) =>
        new(plugin, new CniEnvironment(command, containerId.Length == 0 ? null : containerId, "/var/run/netns/multi-test-absent", ifName, null, cniPath), stdin);

    public static Task<DaemonResponse> SendAsync(string socketPath, DaemonRequest request) =>
        SendRawAsync(socketPath, DaemonProtocol.EncodeRequest(request));

    public static async Task<DaemonResponse> SendRawAsync(string socketPath, byte[] frame)
    {
        var bytes = await ExchangeAsync(socketPath, frame);
        return Decode(bytes);
    }

    /// <summary>Sends the bytes and reads until the daemon closes.</summary>
    public static async Task<byte[]> ExchangeAsync(string socketPath, byte[] frame)
    {
        var ct = TestContext.Current.CancellationToken;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
        await socket.SendAsync(frame, ct);
        using var answer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int n;
        while ((n = await socket.ReceiveAsync(chunk, ct)) > 0)
        {
            answer.Write(chunk, 0, n);
        }

        return answer.ToArray();
    }

    public static DaemonResponse Decode(byte[] bytes)
    {
        Assert.True(bytes.Length >= DaemonProtocol.HeaderBytes, $"the daemon answered {bytes.Length} bytes");
        var header = DaemonProtocol.ReadHeader(bytes);
        return DaemonProtocol.DecodeResponse(header, bytes.AsSpan(DaemonProtocol.HeaderBytes))
            ?? throw new Xunit.Sdk.XunitException("the daemon's answer does not decode");
    }
}
