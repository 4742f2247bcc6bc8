namespace Multi.Runtime.Tests.Support;

/// <summary>Polls a condition over real HTTP work until it holds or the deadline passes (then the test fails).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, CancellationToken deadline, string? what = null)
    {
        while (!condition())
        {
            try
            {
                await Task.Delay(20, deadline);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("timed out waiting for " + (what ?? "a condition"));
            }
        }
    }
}
