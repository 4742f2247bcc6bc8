using System.ComponentModel;
using System.Diagnostics;
using Multi.Core.Cni;

namespace Multi.Cni.Delegation;

/// <summary>
/// Starts plugin binaries as child processes: inherited environment plus the call's CNI variables (built per
/// child, never in the process-wide environment), config on stdin, stdout captured up to a limit. On timeout
/// the whole process tree is killed.
/// </summary>
internal sealed class ProcessPluginExecutor(TimeProvider clock) : IPluginExecutor
{
    private const int TextFileBusy = 26; // ETXTBSY: the binary is being replaced
    private const int StartAttempts = 5;
    private const int MaxOutputBytes = 4 * 1024 * 1024;

    public async Task<PluginOutput> ExecuteAsync(PluginCall call, CancellationToken cancellationToken)
    {
        var path = PluginLocator.Find(call.Type, call.SearchPath);
        using var process = await StartAsync(path, call, cancellationToken).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(call.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            var stdout = ReadLimitedAsync(process.StandardOutput.BaseStream, linked.Token);
            var stderr = process.StandardError.ReadToEndAsync(linked.Token);
            await WriteStdinAsync(process, call.Stdin, linked.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            return new PluginOutput(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            Kill(process);
            var why = timeout.IsCancellationRequested ? $"timed out after {call.Timeout.TotalSeconds:0.###} s and was killed" : $"failed: {ex.Message}";
            throw new CniException(CniErrorCode.DelegateFailed, $"{call.Label}: plugin \"{call.Type}\" {call.Command.Name()} {why}");
        }
    }

    private async Task<Process> StartAsync(string path, PluginCall call, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in call.Variables)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Process.Start(info) ?? throw new CniException(CniErrorCode.DelegateFailed, $"{call.Label}: plugin \"{call.Type}\" did not start");
            }
            catch (Win32Exception ex) when (ex.NativeErrorCode == TextFileBusy && attempt < StartAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), clock, cancellationToken).ConfigureAwait(false);
            }
            catch (Win32Exception ex)
            {
                throw new CniException(CniErrorCode.DelegateFailed, $"{call.Label}: plugin \"{call.Type}\" at {path} cannot be executed: {ex.Message}");
            }
        }
    }

    /// <summary>A plugin may exit without reading its config (EPIPE): its exit status decides, not the pipe.</summary>
    private static async Task WriteStdinAsync(Process process, byte[] stdin, CancellationToken cancellationToken)
    {
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Broken pipe: the child closed stdin or already exited.
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxOutputBytes)
            {
                throw new IOException($"plugin printed more than {MaxOutputBytes} bytes on stdout");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already exited.
        }
    }
}
