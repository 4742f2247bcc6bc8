using System.Diagnostics;
using System.Net;
using System.Text;

namespace Multi.Bench.Webhook;

/// <summary>Sends reviews one after another on one client (its keep-alive connection) and times each from send to the last byte read.</summary>
internal static class Sender
{
    public static async Task<Latency> RunAsync(HttpClient http, string path, Func<string> body, int count)
    {
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var text = body();
            var started = Stopwatch.GetTimestamp();
            using var content = new StringContent(text, Encoding.UTF8, "application/json");
            using var answer = await http.PostAsync(path, content);
            var read = await answer.Content.ReadAsStringAsync();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (answer.StatusCode != HttpStatusCode.OK || !read.Contains("\"allowed\":true", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{path}: {(int)answer.StatusCode} {read}");
            }
        }

        return Latency.Of(samples);
    }

    public static async Task WaitServingAsync(HttpClient http, Process manager)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (manager.HasExited)
            {
                throw new InvalidOperationException($"the manager exited with {manager.ExitCode}");
            }

            try
            {
                var (_, path, body) = ReviewBodies.All()[2];
                using var content = new StringContent(body(), Encoding.UTF8, "application/json");
                using var answer = await http.PostAsync(path, content);
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the webhook did not serve within 90 s");
    }
}
