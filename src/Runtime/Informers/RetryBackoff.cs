namespace Multi.Runtime.Informers;

/// <summary>Exponential retry delays for a failing list or watch: 200 ms doubling up to 30 s.</summary>
internal static class RetryBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    public static TimeSpan Delay(int failures)
    {
        var ticks = Initial.Ticks * Math.Pow(2, Math.Min(failures, 30));
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }
}
