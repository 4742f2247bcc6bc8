using Multi.Core.Cni;

namespace Multi.Cni.Verbs;

/// <summary>The readiness indicator file (npwg-behaviour.md, section 13): polled once per second until the timeout.</summary>
internal static class Readiness
{
    public static bool IsReady(VerbContext ctx) => ctx.Config.ReadinessIndicatorFile is not { } file || File.Exists(file);

    public static async Task WaitAsync(VerbContext ctx)
    {
        if (ctx.Config.ReadinessIndicatorFile is not { } file)
        {
            return;
        }

        var deadline = ctx.Clock.GetUtcNow() + ctx.Config.ReadinessTimeout;
        while (!File.Exists(file))
        {
            var left = deadline - ctx.Clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw new CniException(CniErrorCode.TryAgainLater, $"readiness indicator file {file} did not appear within {ctx.Config.ReadinessTimeout.TotalSeconds:0} s");
            }

            await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), ctx.Clock, ctx.Cancellation).ConfigureAwait(false);
        }
    }
}
