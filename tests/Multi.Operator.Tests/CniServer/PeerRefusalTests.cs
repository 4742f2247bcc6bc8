using System.Diagnostics;
using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Core.Daemon;
using Multi.Operator.NodeAgent.CniServer;

namespace Multi.Operator.Tests.CniServer;

/// <summary>Only root may use the daemon: the uid the kernel reports for the peer decides, whatever the socket's modes.</summary>
public sealed class PeerRefusalTests
{
    private const string Python = "/usr/bin/python3";
    private const string Setpriv = "/usr/bin/setpriv";

    [Theory]
    [InlineData(0u, false)]
    [InlineData(1u, true)]
    [InlineData(65534u, true)]
    [InlineData(null, true)]
    public void RefusePeer_ByUid_OnlyRootPasses(uint? uid, bool refused)
    {
        var answer = DaemonAnswers.RefusePeer(uid);

        Assert.Equal(refused, answer is not null);
        if (answer is not null)
        {
            Assert.Equal((DaemonStatus.Refused, 1), (answer.Status, answer.ExitCode));
            Assert.Contains("only root", JsonNode.Parse(answer.Stdout)!["msg"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Request_FromUid65534_RefusedWithACniErrorNamingTheUid()
    {
        Assert.SkipWhen(Environment.UserName != "root" || !File.Exists(Python) || !File.Exists(Setpriv), "needs root, /usr/bin/python3 and /usr/bin/setpriv to connect as another uid");
        await using var daemon = new DaemonHarness();
        daemon.Start();
        // Open the modes that keep other users out, so that the uid check is what is tested.
        File.SetUnixFileMode(daemon.Root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Path.GetDirectoryName(daemon.SocketPath)!, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(daemon.SocketPath, (UnixFileMode)0b110_110_110);
        var frame = Path.Combine(daemon.Root, "request.bin");
        await File.WriteAllBytesAsync(frame, DaemonProtocol.EncodeRequest(DaemonClient.Request("ADD", "c1", daemon.Config("fake"), daemon.BinDir)), TestContext.Current.CancellationToken);
        File.SetUnixFileMode(frame, (UnixFileMode)0b110_100_100);

        var answer = DaemonClient.Decode(await RunAsNobodyAsync(daemon.SocketPath, frame));

        Assert.Equal((DaemonStatus.Refused, 1), (answer.Status, answer.ExitCode));
        var error = JsonNode.Parse(answer.Stdout)!.AsObject();
        Assert.Equal(CniErrorCode.InvalidEnvironment, error["code"]!.GetValue<uint>());
        Assert.Contains("uid is 65534", error["msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(daemon.LogLines());
        Assert.Equal(1, daemon.Sample(daemon.Metrics.Requests, "unknown", "unknown", "refused"));
    }

    private static async Task<byte[]> RunAsNobodyAsync(string socketPath, string frame)
    {
        const string Client = "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\ns.sendall(open(sys.argv[2],'rb').read())\nwhile True:\n b=s.recv(65536)\n if not b: break\n sys.stdout.buffer.write(b)\n";
        var info = new ProcessStartInfo(Setpriv) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", Python, "-c", Client, socketPath, frame })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        using var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await copy;
        Assert.True(process.ExitCode == 0, $"the client failed: {await stderr}");
        return stdout.ToArray();
    }
}
