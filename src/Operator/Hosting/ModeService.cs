using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Multi.Operator.Hosting;

/// <summary>
/// Announces the mode and keeps the host alive until it is stopped. The controllers (manager) and the host
/// interface and CNI services (agent) are added by later issues as hosted services of their own.
/// </summary>
internal sealed partial class ModeService(IOptions<OperatorOptions> options, ILogger<ModeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Started(options.Value.Mode, options.Value.NodeName ?? "-");
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Stopping(options.Value.Mode);
        }
    }

    [LoggerMessage(100, LogLevel.Information, "multi operator started in {Mode} mode (node {Node})")]
    private partial void Started(string mode, string node);

    [LoggerMessage(101, LogLevel.Information, "multi operator stopping ({Mode} mode)")]
    private partial void Stopping(string mode);
}
