namespace Multi.Bench.Operator;

/// <summary>Samples the operator's resident set every 50 ms (VmHWM is read too, at the end), keeping the highest.</summary>
internal sealed class PeakSampler
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task<double> loop;

    public PeakSampler(OperatorProcess process) => loop = Task.Run(async () =>
    {
        var peak = 0.0;
        while (!stop.IsCancellationRequested && !process.HasExited)
        {
            peak = Math.Max(peak, process.Memory().Rss);
            await Task.Delay(50).ConfigureAwait(false);
        }

        return peak;
    });

    public double Stop()
    {
        stop.Cancel();
        return loop.GetAwaiter().GetResult();
    }
}
