using Microsoft.Extensions.Time.Testing;
using Multi.Runtime.Queue;

namespace Multi.Runtime.Tests.Queue;

public sealed class RateLimiterTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(10, 2560)]
    [InlineData(18, 655_360)]
    [InlineData(19, 1_000_000)]
    [InlineData(200, 1_000_000)]
    public void ExponentialWhen_NthFailure_DoublesFromFiveMillisecondsCappedAtThousandSeconds(int failures, double expectedMilliseconds)
    {
        var limiter = new ExponentialFailureRateLimiter<string>();
        var delay = TimeSpan.Zero;
        for (var i = 0; i < failures; i++)
            delay = limiter.When("a");

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
        Assert.Equal(failures, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("other"));
    }

    [Fact]
    public void ExponentialForget_AfterFailures_StartsOver()
    {
        var limiter = new ExponentialFailureRateLimiter<string>();
        limiter.When("a");
        limiter.When("a");
        limiter.Forget("a");

        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
    }

    [Theory]
    [InlineData(10, 3, 0, new[] { 0d, 0, 0, 100, 200, 300 })]
    [InlineData(10, 3, 1000, new[] { 0d, 0, 0, 0, 0, 0 })]
    [InlineData(2, 1, 0, new[] { 0d, 500, 1000, 1500 })]
    public void TokenBucketWhen_BurstSpent_WaitsForTokensAtQps(double qps, int burst, int gapMilliseconds, double[] expectedMilliseconds)
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter<string>(time, qps, burst);
        foreach (var expected in expectedMilliseconds)
        {
            Assert.Equal(expected, limiter.When("any").TotalMilliseconds, precision: 3);
            time.Advance(TimeSpan.FromMilliseconds(gapMilliseconds));
        }

        Assert.Equal(0, limiter.NumRequeues("any"));
    }

    [Fact]
    public void TokenBucketWhen_TimePasses_RefillsUpToBurst()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter<string>(time, qps: 10, burst: 2);
        limiter.When("a");
        limiter.When("a");
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.Zero, limiter.When("a"));
        Assert.Equal(TimeSpan.Zero, limiter.When("a"));
        Assert.Equal(100, limiter.When("a").TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void Default_ManyFailures_IsTheLongerOfBackoffAndBucket()
    {
        var time = new FakeTimeProvider();
        var limiter = RateLimiters.Default<string>(time);
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), limiter.When("a"));
        for (var i = 0; i < 98; i++)
            limiter.When("key" + i);

        Assert.Equal(100, limiter.When("b").TotalMilliseconds, precision: 3);
        Assert.Equal(3, limiter.NumRequeues("a") + limiter.NumRequeues("b"));
        limiter.Forget("a");
        Assert.Equal(0, limiter.NumRequeues("a"));
    }
}
