using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Multi.Core.Cni;
using Multi.Core.Daemon;

namespace Multi.Bench.Ipam;

/// <summary>
/// multi-ipam through the node daemon: the node agent (<c>Multi.Operator.dll</c> built next to the bench, agent mode, only the
/// CNI daemon on) as a process of its own against the bench's API server, and requests sent to its socket exactly as the shim
/// forwards them (one connection per request, <see cref="DaemonProtocol"/>). The shim's own process start is the meta-plugin
/// bench's subject; this measures what the daemon adds to an allocation.
/// </summary>
internal sealed class DaemonIpam : IAsyncDisposable
{
    private readonly Process process;

    private DaemonIpam(Process process, string socket)
    {
        this.process = process;
        Socket = socket;
    }

    public string Socket { get; }

    public int Pid => process.Id;

    /// <param name="reserve">The stock of node-reserved claims per pool (<c>Operator:Daemon:Reservations</c>); 0 for none.</param>
    public static async Task<DaemonIpam> StartAsync(string kubeconfig, string dir, string node, int reserve = 0)
    {
        var socket = Path.Combine(dir, "run", "multi.sock");
        // MULTI_OPERATOR_BINARY: the NativeAOT agent the image ships (artifacts/image/agent/Multi.Operator) instead of the dll.
        var native = Environment.GetEnvironmentVariable("MULTI_OPERATOR_BINARY") is { Length: > 0 } binary ? binary : null;
        var info = new ProcessStartInfo(native ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (native is null ? [Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll")] : Array.Empty<string>()).Concat(new[]
        {
            "--Operator:Mode=agent", $"--Operator:NodeName={node}", $"--Operator:Kubeconfig={kubeconfig}",
            "--Operator:Daemon:Enabled=true", $"--Operator:Daemon:SocketPath={socket}", "--Operator:Daemon:MaxQueued=1024", "--Operator:ProbeAddress=http://127.0.0.1:0", "--Operator:HostInterfaces:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
        }).Concat(reserve > 0 ? ["--Operator:Daemon:Reservations:Enabled=true", $"--Operator:Daemon:Reservations:StockSize={reserve}"] : Array.Empty<string>()))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the node agent");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"[daemon] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var daemon = new DaemonIpam(process, socket);
        var watch = Stopwatch.StartNew();
        while (!await daemon.AnswersAsync())
        {
            if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                await daemon.DisposeAsync(); // never leave a daemon behind a failed start
                throw new InvalidOperationException("the node agent's daemon did not come up within 60 s");
            }

            await Task.Delay(100);
        }

        return daemon;
    }

    /// <summary>One multi-ipam request through the socket; throws unless it was answered with exit 0.</summary>
    public async Task RunAsync(CniEnvironment env, byte[] stdin, CancellationToken ct)
    {
        var answer = await ExchangeAsync(new DaemonRequest(DaemonPlugin.MultiIpam, env, stdin), ct);
        if (answer.Status != DaemonStatus.Answered || answer.ExitCode != 0)
        {
            throw new InvalidOperationException($"daemon {env.Command} {env.ContainerId}: {answer.Status} exit {answer.ExitCode}: {System.Text.Encoding.UTF8.GetString(answer.Stdout)}");
        }
    }

    /// <summary>Resident memory now (MiB).</summary>
    public double RssMiB() => Multi.Sandbox.Host.ProcessMemory.Read(process.Id).Rss;

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    /// <summary>Whether the socket answers a VERSION request.</summary>
    private async Task<bool> AnswersAsync()
    {
        if (!File.Exists(Socket))
        {
            return false;
        }

        try
        {
            var env = new CniEnvironment("VERSION", null, null, null, null, null);
            return (await ExchangeAsync(new DaemonRequest(DaemonPlugin.MultiIpam, env, """{"cniVersion":"1.1.0"}"""u8.ToArray()), CancellationToken.None)).ExitCode == 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task<DaemonResponse> ExchangeAsync(DaemonRequest request, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket), ct);
        await socket.SendAsync(DaemonProtocol.EncodeRequest(request), ct);
        var header = new byte[DaemonProtocol.HeaderBytes];
        await ReadAsync(socket, header, ct);
        var parsed = DaemonProtocol.ReadHeader(header);
        var body = new byte[parsed.BodyLength];
        await ReadAsync(socket, body, ct);
        return DaemonProtocol.DecodeResponse(parsed, body)
            ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"malformed daemon answer (status {parsed.Status}, {BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8))} bytes)"));
    }

    private static async Task ReadAsync(Socket socket, Memory<byte> buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, ct);
            if (n == 0)
            {
                throw new IOException("the daemon closed the connection before its whole answer");
            }

            read += n;
        }
    }
}
