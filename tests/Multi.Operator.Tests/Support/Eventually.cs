namespace Multi.Operator.Tests.Support;

/// <summary>Waits for the world to converge: polls a condition every 20 ms up to a deadline, then fails naming it.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int seconds = 15)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"timed out after {seconds} s waiting for {what}");
            }
        }
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 15)
    {
        var last = default(T);
        await TrueAsync(async () => done(last = await read()), what, seconds);
        return last!;
    }
}
