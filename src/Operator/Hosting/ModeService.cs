using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Multi.Operator.Hosting;

/// <summary>
/// Announces the mode and keeps the host alive until it is stopped. The controllers (manager) and the host
/// interface and CNI services (agent) are added by later issues as hosted services of their own.
/// </summary>
internal sealed partial class ModeService(IOptions<OperatorOptions> options, IHostApplicationLifetime lifetime, ILogger<ModeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Started(options.Value.Mode, options.Value.NodeName ?? "-");
        try
        {
            if (!RuntimeFeature.IsDynamicCodeSupported && Environment.ProcessPath is { } executable)
            {
                // NativeAOT: once every service has started, give back the executable's pages only the start used.
                await WhenStartedAsync(stoppingToken).ConfigureAwait(false);
                PagesReleased(ExecutablePages.Release(executable) >> 20, executable);
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Stopping(options.Value.Mode);
        }
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(100, LogLevel.Information, "multi operator started in {Mode} mode (node {Node})")]
    private partial void Started(string mode, string node);

    [LoggerMessage(101, LogLevel.Information, "multi operator stopping ({Mode} mode)")]
    private partial void Stopping(string mode);

    [LoggerMessage(102, LogLevel.Information, "unmapped {MiB} MiB of read-only pages of {Executable} used only at start (they stay in the page cache)")]
    private partial void PagesReleased(long mib, string executable);
}
